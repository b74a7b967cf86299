package org.eppanama.runtime;

/** OrtLoggingLevel, least severe first; each maps to a {@link System.Logger.Level}. */
public enum LogLevel {
    VERBOSE(System.Logger.Level.DEBUG), INFO(System.Logger.Level.INFO), WARNING(System.Logger.Level.WARNING),
    ERROR(System.Logger.Level.ERROR), FATAL(System.Logger.Level.ERROR);

    private final System.Logger.Level javaLevel;

    LogLevel(System.Logger.Level javaLevel) {
        this.javaLevel = javaLevel;
    }

    public System.Logger.Level javaLevel() {
        return javaLevel;
    }

    static LogLevel of(int severity) {
        LogLevel[] all = values();
        return all[Math.max(0, Math.min(all.length - 1, severity))];
    }
}
