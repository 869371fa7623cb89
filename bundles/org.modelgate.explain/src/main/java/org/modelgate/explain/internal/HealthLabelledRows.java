package org.modelgate.explain.internal;

import java.util.ArrayList;
import java.util.List;

import org.modelgate.monitor.health.LabelledWindow;
import org.modelgate.monitor.health.ModelHealth;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The labelled rows of the health monitor ({@link ModelHealth#labelled}), for permutation importance. A component of
 * its own so that the explainer needs the health package only while it is there (the import is optional).
 */
@Component(service = LabelledRows.class)
public class HealthLabelledRows implements LabelledRows {
    private final ModelHealth health;

    /**
     * Creates it.
     *
     * @param health the health monitor
     */
    @Activate
    public HealthLabelledRows(@Reference ModelHealth health) {
        this.health = health;
    }

    @Override
    public Window window(String model) {
        LabelledWindow window = health.labelled(model);
        List<float[]> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < window.rows().size(); i++) {
            String label = window.labels().get(i);
            if (label != null) {
                rows.add(window.rows().get(i));
                labels.add(label);
            }
        }
        return new Window(rows, labels);
    }
}
