package vn.ndxp.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Ndxp.class.getPackage().getImplementationVersion();
        return new String[] {"ndxp " + (v == null ? "(development build)" : v)};
    }
}
