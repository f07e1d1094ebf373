package dev.sandesh.simulator.api;

/** Lets tests of other packages build the request bodies of this package's tests. */
public final class TemplateSendsTestAccess {

    private TemplateSendsTestAccess() {
    }

    public static String diwali(String to, String headerParameter) {
        return MetaFidelityTest.diwali(to, headerParameter);
    }
}
