package io.consentry.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The api's feature boundaries, checked on the compiled production classes (and the face-engine and tenants jars on
 * the classpath) in every build. docs/ARCHITECTURE.md explains each rule; {@link ArchitectureRulesTest} shows each one
 * catching a deliberate violation.
 */
class ArchitectureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.consentry");
    }

    @Test
    void packagesFormNoCycle() {
        // face-engine's own packages are being reorganised into one class per model (issue 16); until then the rule
        // covers the api and the tenancy module.
        ArchitectureRules.noPackageCycles("io.consentry")
                .check(production.that(JavaClass.Predicates.resideOutsideOfPackage("io.consentry.face..")));
    }

    @Test
    void entitiesStayInTheirFeature() {
        ArchitectureRules.entitiesStayInTheirFeature("io.consentry").check(production);
    }

    @Test
    void coreKnowsNoFeature() {
        ArchitectureRules.coreKnowsNoFeature("io.consentry").check(production);
    }

    @Test
    void onlyTheConsentEnforcementPointObtainsDecryptedTemplates() {
        ArchitectureRules.templatesDecryptedOnlyByTheEnforcementPoint("io.consentry.biometric.TemplateVault", "decryptFor",
                "io.consentry.consent.ConsentGuard").check(production);
        ArchitectureRules.templateBindingOnlyInTheStore("io.consentry.core.crypto.TenantCrypto", "io.consentry.biometric")
                .check(production);
    }

    @Test
    void attributesAreEstimatedOnlyWithTheCapabilityTheEnforcementPointIssues() {
        ArchitectureRules.onlyOneClassCalls("io.consentry.face.FaceEngine", "attributes", "io.consentry.attributes.AttributeAnalysis")
                .check(production);
        ArchitectureRules.capabilityIssuedOnlyBy("io.consentry.consent.AttributeConsent", "issue", "io.consentry.consent.ConsentGuard")
                .check(production);
        ArchitectureRules.guardedCallsTakeTheCapability("io.consentry.attributes.AttributeAnalysis", "io.consentry.face.FaceEngine",
                "attributes", "io.consentry.consent.AttributeConsent").check(production);
        // the engine's own capability: claimed once by the class that loads engines, used only by the enforcement point
        ArchitectureRules.onlyOneClassCalls("io.consentry.face.FaceEngine", "claimAttributeAuthority",
                "io.consentry.core.engine.CurrentEngine").check(production);
        ArchitectureRules.onlyOneClassCalls("io.consentry.core.engine.CurrentEngine", "attributeAuthority",
                "io.consentry.consent.ConsentGuard").check(production);
        ArchitectureRules.onlyOneClassCalls("io.consentry.face.AttributeAuthority", "grant", "io.consentry.consent.ConsentGuard")
                .check(production);
    }

    @Test
    void onlyMigrationsAndProvisioningConnectAsTheOwnerRole() {
        ArchitectureRules.ownerRoleOnlyFor(io.consentry.tenants.schema.TenantSchemas.OWNER_DATASOURCE, "io.consentry.tenants.schema")
                .check(production);
    }

    @Test
    void faceEngineAndTenancyDependOnNothingAbove() {
        ArchitectureRules.lowerModuleDependsOnNothingAbove("io.consentry.face").check(production);
        ArchitectureRules.lowerModuleDependsOnNothingAbove("io.consentry.tenants").check(production);
    }
}
