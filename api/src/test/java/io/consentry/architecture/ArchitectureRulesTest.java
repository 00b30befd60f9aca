package io.consentry.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each architecture rule fires on a class that breaks it on purpose (see the fixtures package) and stays quiet on clean code. */
class ArchitectureRulesTest {

    private static final String FIXTURES = "io.consentry.architecture.fixtures";
    private static JavaClasses fixtures;
    private static JavaClasses clean;

    @BeforeAll
    static void importFixtures() {
        fixtures = new ClassFileImporter().importPackages(FIXTURES);
        clean = new ClassFileImporter().importPackages(FIXTURES + ".clean");
    }

    @Test
    void aPackageCycleIsCaught() {
        assertViolation(ArchitectureRules.noPackageCycles(FIXTURES), "alpha", "beta");
        assertThat(ArchitectureRules.noPackageCycles(FIXTURES + ".clean").evaluate(clean).hasViolation()).isFalse();
    }

    @Test
    void anotherFeaturesEntityIsCaught() {
        assertViolation(ArchitectureRules.entitiesStayInTheirFeature(FIXTURES), "AlphaRecord", "fixtures.beta.Beta");
    }

    @Test
    void theCoreReachingIntoAFeatureIsCaught() {
        assertViolation(ArchitectureRules.coreKnowsNoFeature(FIXTURES), "CoreThing", "Alpha");
    }

    @Test
    void decryptionAroundTheEnforcementPointIsCaught() {
        EvaluationResult result = ArchitectureRules.templatesDecryptedOnlyByTheEnforcementPoint(FIXTURES + ".vault.Vault",
                "decryptFor", FIXTURES + ".vault.Guard").evaluate(fixtures);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(d -> d.contains("Sneaky"))
                .noneMatch(d -> d.contains("Guard."));
        assertViolation(ArchitectureRules.templateBindingOnlyInTheStore(FIXTURES + ".vault.Crypto", FIXTURES + ".vault"), "Sneaky");
    }

    @Test
    void attributesWithoutTheCapabilityAreCaught() {
        String pkg = FIXTURES + ".capability.";
        EvaluationResult callers = ArchitectureRules.onlyOneClassCalls(pkg + "Engine", "attributes", pkg + "Analyst").evaluate(fixtures);
        assertThat(callers.hasViolation()).isTrue();
        assertThat(callers.getFailureReport().getDetails()).anyMatch(d -> d.contains("Rogue")).noneMatch(d -> d.contains("Analyst."));
        EvaluationResult issuers = ArchitectureRules.capabilityIssuedOnlyBy(pkg + "Permit", "issue", pkg + "Issuer").evaluate(fixtures);
        assertThat(issuers.hasViolation()).isTrue();
        assertThat(issuers.getFailureReport().getDetails()).anyMatch(d -> d.contains("Rogue")).noneMatch(d -> d.contains("Issuer."));
        assertViolation(ArchitectureRules.guardedCallsTakeTheCapability(pkg + "Analyst", pkg + "Engine", "attributes", pkg + "Permit"),
                "Analyst.peek");
        assertThat(String.join("\n", ArchitectureRules.guardedCallsTakeTheCapability(pkg + "Analyst", pkg + "Engine", "attributes",
                pkg + "Permit").evaluate(fixtures).getFailureReport().getDetails())).doesNotContain("Analyst.estimate");
    }

    @Test
    void aLowerModuleReachingUpIsCaught() {
        assertViolation(ArchitectureRules.lowerModuleDependsOnNothingAbove(FIXTURES + ".lower"), "LowerThing", "CoreThing");
    }

    @Test
    void theOwnerRoleOutsideTheSchemaPackageIsCaught() {
        EvaluationResult result = ArchitectureRules.ownerRoleOnlyFor("owner", FIXTURES + ".roles.schema").evaluate(fixtures);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(d -> d.contains("RowWriter"))
                .noneMatch(d -> d.contains("Migrator") || d.contains("Reader"));
    }

    private static void assertViolation(ArchRule rule, String... mentioned) {
        EvaluationResult result = rule.evaluate(fixtures);
        assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
        String report = String.join("\n", result.getFailureReport().getDetails());
        for (String name : mentioned) {
            assertThat(report).contains(name);
        }
    }
}
