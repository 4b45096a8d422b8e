package dev.graft.fuzz;

/**
 * One malformed input fed through a public entry point.
 *
 * @param family      the input family, e.g. {@code "images"}
 * @param description what was done to the input, for failure reports
 * @param faultName   the name (file, layer, operation...) the error message must contain
 * @param mayAccept   whether the input may legitimately be accepted (a bit flip in pixel data still decodes)
 * @param attempt     feeds the input; returns normally when accepted, throws when refused
 */
record FuzzCase(String family, String description, String faultName, boolean mayAccept, Attempt attempt) {

    /** Feeds one input through the entry point under test. */
    @FunctionalInterface
    interface Attempt {
        void run() throws Exception;
    }

    /** A case that must end in a clear error naming {@code faultName}. */
    static FuzzCase refused(String family, String description, String faultName, Attempt attempt) {
        return new FuzzCase(family, description, faultName, false, attempt);
    }

    /** A case that may be accepted; if refused, the error must name {@code faultName}. */
    static FuzzCase mayPass(String family, String description, String faultName, Attempt attempt) {
        return new FuzzCase(family, description, faultName, true, attempt);
    }
}
