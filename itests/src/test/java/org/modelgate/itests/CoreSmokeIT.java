package org.modelgate.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.nio.file.Path;
import java.util.List;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.modelgate.api.InferenceRequest;
import org.modelgate.api.ModelNotFoundException;
import org.modelgate.api.ModelRegistry;
import org.modelgate.api.Tensor;
import org.modelgate.itests.support.Gateway;
import org.modelgate.itests.support.Platform;
import org.modelgate.itests.support.TestModels;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The core alone in Felix: DS, Configuration Admin, API, SPI and core resolve and start, and the
 * registry answers on a repository configured through ConfigurationAdmin, without any backend.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CoreSmokeIT {
    @Inject
    private BundleContext context;

    private Gateway gateway;
    private Path repository;

    @Configuration
    public Option[] config() {
        Path repository = TestModels.emptyRepository(CoreSmokeIT.class);
        TestModels.addCorruptOnnxModel(repository, "orphan", "1.0.0");
        return options(
                Platform.felix(CoreSmokeIT.class),
                Platform.core(),
                systemProperty(TestModels.REPOSITORY).value(repository.toString()));
    }

    @Before
    public void givenRegistryOnTestRepository() {
        gateway = new Gateway(context);
        repository = Path.of(System.getProperty(TestModels.REPOSITORY));
        gateway.configureRegistry(repository, "orphan");
    }

    @Test
    public void everyBundleOfTheCoreIsActive() {
        assertTrue("bundles not active: " + gateway.inactiveBundles(), gateway.inactiveBundles().isEmpty());
        for (String name : List.of("org.modelgate.api", "org.modelgate.spi", "org.modelgate.core")) {
            assertEquals(name + " state", Bundle.ACTIVE, gateway.bundle(name).getState());
        }
    }

    @Test
    public void registryListsTheRepositoryAndKnowsNoBackend() {
        ModelRegistry registry = gateway.registry();

        assertEquals(List.of("orphan"), registry.models().stream().map(m -> m.name()).toList());
        assertTrue("no backend is installed, got " + registry.backends(), registry.backends().isEmpty());
    }

    @Test
    public void unknownModelIsReportedByName() {
        try {
            gateway.inference().infer("no-such-model", InferenceRequest.of(Tensor.ofFloats("x", new long[] {1}, 1f)));
            fail("inference on an unknown model must fail");
        } catch (ModelNotFoundException e) {
            assertTrue("message names the model: " + e.getMessage(), e.getMessage().contains("no-such-model"));
        }
    }
}
