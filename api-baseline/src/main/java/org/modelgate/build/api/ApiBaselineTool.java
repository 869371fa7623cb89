package org.modelgate.build.api;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command line of the check, for bundles outside the build (a vendor's, an old commit's):
 * {@code check|refresh <snapshot folder> <bundle jar or classes folder>...}. Prints one verdict a
 * package; exit 1 when a package fails (check: anything but a match; refresh: a missing bump or a
 * removed package), 0 otherwise.
 */
public final class ApiBaselineTool {
    private ApiBaselineTool() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || !(args[0].equals("check") || args[0].equals("refresh"))) {
            System.err.println("usage: ApiBaselineTool check|refresh <snapshot folder> <bundle>...");
            System.exit(2);
        }
        boolean refresh = args[0].equals("refresh");
        List<PackageApi> exported = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            exported.addAll(BundleApi.exportedPackages(new File(args[i])));
        }
        ApiSnapshots snapshots = new ApiSnapshots(Path.of(args[1]));
        List<ApiVerdict> verdicts = refresh ? snapshots.refresh(exported) : snapshots.check(exported);
        boolean failed = false;
        for (ApiVerdict verdict : verdicts) {
            boolean fails = refresh ? !verdict.recordable() && verdict.outcome() != ApiVerdict.Outcome.MATCHES
                    : verdict.outcome() != ApiVerdict.Outcome.MATCHES;
            failed |= fails;
            System.out.println(fails ? "FAIL " + verdict.message()
                    : refresh && verdict.recordable() ? "RECORDED " + verdict.packageName() + " " + verdict.current()
                    : "OK " + verdict.message());
        }
        System.exit(failed ? 1 : 0);
    }
}
