package org.modelgate.launcher;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.resource.Capability;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;

/**
 * Says why bundles did not resolve: for each, the mandatory requirements that no installed bundle
 * (nor the framework) offers a capability for. A bundle whose requirements all have candidates
 * depends on another unresolved bundle or hits a uses-constraint conflict; the report says so.
 */
final class ResolutionReport {

    private ResolutionReport() {
    }

    static String explain(Collection<Bundle> unresolved, BundleContext context) {
        StringBuilder report = new StringBuilder();
        for (Bundle bundle : unresolved) {
            report.append("\n  ").append(bundle.getSymbolicName()).append(' ').append(bundle.getVersion())
                    .append(" (").append(bundle.getLocation()).append(')');
            List<String> missing = missingRequirements(bundle, context);
            if (missing.isEmpty()) {
                report.append(": every requirement has a candidate, so a bundle it needs did not resolve"
                        + " or two candidates conflict (uses constraint)");
            }
            for (String requirement : missing) {
                report.append("\n      missing requirement ").append(requirement);
            }
        }
        return report.toString();
    }

    static List<String> missingRequirements(Bundle bundle, BundleContext context) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        List<String> missing = new ArrayList<>();
        if (revision == null) {
            return missing;
        }
        for (Requirement requirement : revision.getRequirements(null)) {
            Map<String, String> directives = requirement.getDirectives();
            boolean optional = Namespace.RESOLUTION_OPTIONAL.equals(directives.get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE));
            String effective = directives.getOrDefault(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE, Namespace.EFFECTIVE_RESOLVE);
            if (optional || !Namespace.EFFECTIVE_RESOLVE.equals(effective)) {
                continue;
            }
            String filter = directives.get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
            if (!offered(requirement.getNamespace(), filter, bundle, context)) {
                missing.add(requirement.getNamespace() + "; " + (filter == null ? "(any)" : filter));
            }
        }
        return missing;
    }

    private static boolean offered(String namespace, String filterText, Bundle requirer, BundleContext context) {
        Filter filter;
        try {
            filter = filterText == null ? null : FrameworkUtil.createFilter(filterText);
        } catch (InvalidSyntaxException e) {
            return false;
        }
        for (Bundle candidate : context.getBundles()) {
            if (candidate.equals(requirer) && !namespace.equals("osgi.wiring.package")) {
                continue;
            }
            BundleRevision revision = candidate.adapt(BundleRevision.class);
            if (revision == null) {
                continue;
            }
            for (Capability capability : revision.getCapabilities(namespace)) {
                if (filter == null || filter.matches(capability.getAttributes())) {
                    return true;
                }
            }
        }
        return false;
    }
}
