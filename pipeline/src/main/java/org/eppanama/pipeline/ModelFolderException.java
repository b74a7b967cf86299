package org.eppanama.pipeline;

/** A model folder the pipeline cannot use: a part missing or unreadable, or parts that do not fit together. */
public final class ModelFolderException extends IllegalArgumentException {
    public ModelFolderException(String message) {
        super(message);
    }

    public ModelFolderException(String message, Throwable cause) {
        super(message, cause);
    }
}
