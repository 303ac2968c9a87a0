package io.junction;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package layers of docs/architecture.md#package-layers, and no package cycles at any level. */
@AnalyzeClasses(packages = "io.junction", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ADAPTER = "io.junction.adapter.";

    @ArchTest
    static final ArchRule noCyclesBetweenTopPackages =
            slices().matching("io.junction.(*)..").should().beFreeOfCycles();

    /** Inside a layer too: platform.bus and platform.failure, adapter.scm and adapter.storefront, ... */
    @ArchTest
    static final ArchRule noCyclesInsideLayers =
            slices().matching("io.junction.(*).(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule layers = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("canonical")
            .definedBy("io.junction.canonical..")
            .layer("platform")
            .definedBy("io.junction.platform..")
            .layer("webhook")
            .definedBy("io.junction.webhook..")
            .layer("view")
            .definedBy("io.junction.view..")
            .layer("adapter")
            .definedBy("io.junction.adapter..")
            // listed one by one, so that the rename script (which makes the old service package service.cases) leaves
            // them be
            .layer("service")
            .definedBy(
                    "io.junction.service.cases..", "io.junction.service.orders..", "io.junction.service.notification..")
            .layer("ops")
            .definedBy("io.junction.ops..", "io.junction.samples..")
            .whereLayer("ops")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("service")
            .mayOnlyBeAccessedByLayers("ops")
            .whereLayer("adapter")
            .mayOnlyBeAccessedByLayers("service", "ops")
            .whereLayer("view")
            .mayOnlyBeAccessedByLayers("adapter", "service", "ops")
            .whereLayer("webhook")
            .mayOnlyBeAccessedByLayers("view", "adapter", "service", "ops")
            .whereLayer("platform")
            .mayOnlyBeAccessedByLayers("webhook", "view", "adapter", "service", "ops")
            .whereLayer("canonical")
            .mayOnlyBeAccessedByLayers("platform", "webhook", "view", "adapter", "service", "ops");

    /** One system's adapter does not know another's, except where one system's data is another's by design. */
    @ArchTest
    static final ArchRule adaptersStandAlone = slices().matching("io.junction.adapter.(*)..")
            .should()
            .notDependOnEachOther()
            // Shopify's fulfillments are shipment reports
            .ignoreDependency(resideInAPackage(ADAPTER + "storefront.."), resideInAPackage(ADAPTER + "scm.."))
            // EDI DESADV / X12 856 ship notices are shipment reports
            .ignoreDependency(resideInAPackage(ADAPTER + "edi.."), resideInAPackage(ADAPTER + "scm.."))
            // ERPNext delivery notes are shipment reports
            .ignoreDependency(resideInAPackage(ADAPTER + "erp.."), resideInAPackage(ADAPTER + "scm.."));

    /** The canonical model is plain Java and JSON: no transport, no web, no HTTP status. */
    @ArchTest
    static final ArchRule canonicalIsPlain = noClasses()
            .that()
            .resideInAPackage("io.junction.canonical..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.apache.camel..",
                    "org.springframework.web..",
                    "org.springframework.http..",
                    "jakarta.servlet..",
                    "jakarta.jms..",
                    "org.springframework.jms..");

    /**
     * The customer view and the service rules are domain beans: a route calls them with its body (and named headers),
     * never hands them Camel's exchange or message.
     */
    @ArchTest
    static final ArchRule domainBeansTakeNoExchange = noClasses()
            .that()
            .resideInAnyPackage("io.junction.view..", "io.junction.service.cases..", "io.junction.service.orders..")
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("org.apache.camel.Exchange")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("org.apache.camel.Message");
}
