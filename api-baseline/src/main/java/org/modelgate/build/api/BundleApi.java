package org.modelgate.build.api;

import aQute.bnd.differ.DiffPluginImpl;
import aQute.bnd.osgi.Jar;
import aQute.bnd.service.diff.Tree;
import aQute.bnd.service.diff.Type;
import java.io.File;
import java.util.ArrayList;
import java.util.List;

/** The exported packages of one bundle (a jar, or a folder of classes with its META-INF/MANIFEST.MF). */
public final class BundleApi {
    private BundleApi() {
    }

    /** The API of each package the bundle exports, in name order. */
    public static List<PackageApi> exportedPackages(File bundle) throws Exception {
        try (Jar jar = new Jar(bundle)) {
            Tree api = new DiffPluginImpl().tree(jar).get("<api>");
            List<PackageApi> packages = new ArrayList<>();
            if (api != null) {
                for (Tree element : api.getChildren()) {
                    if (element.getType() == Type.PACKAGE) {
                        packages.add(PackageApi.of(element));
                    }
                }
            }
            return packages;
        }
    }
}
