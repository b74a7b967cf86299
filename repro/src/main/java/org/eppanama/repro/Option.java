package org.eppanama.repro;

/**
 * One option bisect can leave out: a session config entry ({@code provider} is -1), a provider option of
 * the V2 append ({@code provider} is -1 too, {@code kind} tells), or an option of legacy provider number
 * {@code provider}.
 */
public record Option(Kind kind, int provider, String key, String value) {
    public enum Kind { SESSION_CONFIG, PROVIDER_OPTION, LEGACY_PROVIDER_OPTION }

    @Override
    public String toString() {
        String where = switch (kind) {
            case SESSION_CONFIG -> "sessionConfig";
            case PROVIDER_OPTION -> "providerOptions";
            case LEGACY_PROVIDER_OPTION -> "legacyProviders[" + provider + "].options";
        };
        return where + " " + key + "=" + value;
    }
}
