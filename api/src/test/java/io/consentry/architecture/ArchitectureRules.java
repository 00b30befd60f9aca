package io.consentry.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import jakarta.persistence.Entity;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The api's structural rules, written once and applied both to the production classes ({@link ArchitectureTest}) and
 * to small classes that break them on purpose ({@link ArchitectureRulesTest}), so a rule that stopped firing would
 * fail the build too. {@code root} is the package the rules guard ({@code io.consentry} in production).
 */
final class ArchitectureRules {

    private ArchitectureRules() {
    }

    /** No package of the root (core sub-packages included) depends, directly or around a loop, on itself. */
    static ArchRule noPackageCycles(String root) {
        return slices().matching(root + ".(**)").should().beFreeOfCycles()
                .as("packages of " + root + " form no dependency cycle");
    }

    /**
     * A feature's entities are its own: only classes of the same package use them. Other features go through the
     * owner's facade and records.
     */
    static ArchRule entitiesStayInTheirFeature(String root) {
        return classes().that().resideInAPackage(root + "..").and().areAnnotatedWith(Entity.class)
                // The tenancy module's registry and profile are its published model, read by every layer above it.
                .and().resideOutsideOfPackages("io.consentry.tenants..")
                .should(beUsedOnlyFromTheirOwnPackage())
                .as("entities of " + root + " are used only inside their own feature package");
    }

    /** The shared core knows no feature: features depend on the core, never the other way round. */
    static ArchRule coreKnowsNoFeature(String root) {
        DescribedPredicate<JavaClass> feature = resideInAPackage(root + "..")
                .and(DescribedPredicate.not(resideInAnyPackage(root + ".core..", "io.consentry.face..", "io.consentry.tenants..")));
        return noClasses().that().resideInAPackage(root + ".core..").should().dependOnClassesThat(feature)
                .as("the core of " + root + " depends on no feature package");
    }

    /**
     * Decrypted templates leave the template store only through the consent enforcement point: nothing but
     * {@code enforcementPoint} calls {@code vault.method}, and nothing outside the store's package builds a template's
     * decryption binding.
     */
    static ArchRule templatesDecryptedOnlyByTheEnforcementPoint(String vault, String method, String enforcementPoint) {
        return noClasses().that().doNotHaveFullyQualifiedName(enforcementPoint).and().doNotHaveFullyQualifiedName(vault)
                .should().callMethodWhere(JavaAccess.Predicates.target(
                        DescribedPredicate.describe("is " + vault + "." + method,
                                target -> target.getOwner().getFullName().equals(vault) && target.getName().equals(method))))
                .as("only " + enforcementPoint + " obtains decrypted templates (" + vault + "." + method + ")");
    }

    /**
     * Exactly one class may call {@code owner.method} (outside the engine's own module): e.g. only the attribute
     * analysis runs the engine's attribute models.
     */
    static ArchRule onlyOneClassCalls(String owner, String method, String allowedCaller) {
        return noClasses().that().doNotHaveFullyQualifiedName(allowedCaller).and().doNotHaveFullyQualifiedName(owner)
                .and().resideOutsideOfPackage("io.consentry.face..")
                .should().callMethodWhere(JavaAccess.Predicates.target(
                        DescribedPredicate.describe("is " + owner + "." + method,
                                target -> target.getOwner().getFullName().equals(owner) && target.getName().equals(method))))
                .as("only " + allowedCaller + " calls " + owner + "." + method);
    }

    /** The capability is made only by the enforcement point: nothing else calls {@code capability.factory}. */
    static ArchRule capabilityIssuedOnlyBy(String capability, String factory, String enforcementPoint) {
        return noClasses().that().doNotHaveFullyQualifiedName(enforcementPoint).and().doNotHaveFullyQualifiedName(capability)
                .should().callMethodWhere(JavaAccess.Predicates.target(
                        DescribedPredicate.describe("is " + capability + "." + factory,
                                target -> target.getOwner().getFullName().equals(capability) && target.getName().equals(factory))))
                .orShould().callConstructorWhere(JavaAccess.Predicates.target(
                        DescribedPredicate.describe("constructs " + capability,
                                target -> target.getOwner().getFullName().equals(capability))))
                .as(capability + " is issued only by " + enforcementPoint);
    }

    /**
     * Every method of {@code caller} that calls {@code owner.method} takes {@code capability} as a parameter: the
     * guarded operation cannot be written without the capability in hand.
     */
    static ArchRule guardedCallsTakeTheCapability(String caller, String owner, String method, String capability) {
        return classes().that().haveFullyQualifiedName(caller).should(new ArchCondition<>(
                "take " + capability + " in every method that calls " + owner + "." + method) {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                javaClass.getMethodCallsFromSelf().stream()
                        .filter(call -> call.getTarget().getOwner().getFullName().equals(owner) && call.getTarget().getName().equals(method))
                        .forEach(call -> {
                            boolean hasCapability = call.getOrigin().getRawParameterTypes().stream()
                                    .anyMatch(type -> type.getFullName().equals(capability));
                            if (!hasCapability) {
                                events.add(SimpleConditionEvent.violated(call, call.getOrigin().getFullName() + " calls "
                                        + owner + "." + method + " without taking " + capability));
                            }
                        });
            }
        }).as("every call of " + owner + "." + method + " in " + caller + " needs " + capability);
    }

    /** Only the template store's own package builds the associated data that opens a template ciphertext. */
    static ArchRule templateBindingOnlyInTheStore(String crypto, String storePackage) {
        return noClasses().that().resideOutsideOfPackage(storePackage)
                .should().callMethodWhere(JavaAccess.Predicates.target(
                        DescribedPredicate.describe("is " + crypto + ".templateBinding or .templateOpener",
                                target -> target.getOwner().getFullName().equals(crypto)
                                        && (target.getName().equals("templateBinding") || target.getName().equals("templateOpener")))))
                .as("templates are decrypted only inside " + storePackage);
    }

    /** The face engine and the tenancy module are lower layers: they never depend on the api or on each other upward. */
    static ArchRule lowerModuleDependsOnNothingAbove(String module) {
        DescribedPredicate<JavaClass> above = resideInAPackage("io.consentry..").and(DescribedPredicate.not(resideInAPackage(module + "..")));
        return noClasses().that().resideInAPackage(module + "..").should().dependOnClassesThat(above)
                .as(module + " depends on no other io.consentry package");
    }

    /**
     * Least privilege inside the process: only {@code schemaPackage} (migrations and schema provisioning) connects as
     * the database's owner role — the named datasource {@code ownerDataSource}; everything else gets the runtime role,
     * which cannot change tables or rewrite history.
     */
    static ArchRule ownerRoleOnlyFor(String ownerDataSource, String schemaPackage) {
        return noClasses().that().resideOutsideOfPackage(schemaPackage)
                .should(injectTheDataSource(ownerDataSource))
                .as("only " + schemaPackage + " connects as the owner role (datasource \"" + ownerDataSource + "\")");
    }

    private static ArchCondition<JavaClass> injectTheDataSource(String name) {
        return new ArchCondition<>("inject the datasource \"" + name + "\"") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                type.getFields().stream().filter(f -> names(f.tryGetAnnotationOfType(io.quarkus.agroal.DataSource.class), name))
                        .forEach(f -> events.add(SimpleConditionEvent.satisfied(f, f.getFullName() + " is the \"" + name + "\" datasource")));
                java.util.stream.Stream.concat(type.getConstructors().stream(), type.getMethods().stream())
                        .flatMap(code -> code.getParameters().stream())
                        .filter(p -> names(p.tryGetAnnotationOfType(io.quarkus.agroal.DataSource.class), name))
                        .forEach(p -> events.add(SimpleConditionEvent.satisfied(p.getOwner(),
                                p.getOwner().getFullName() + " takes the \"" + name + "\" datasource")));
            }
        };
    }

    private static boolean names(java.util.Optional<io.quarkus.agroal.DataSource> annotation, String name) {
        return annotation.map(a -> a.value().equals(name)).orElse(false);
    }

    private static ArchCondition<JavaClass> beUsedOnlyFromTheirOwnPackage() {
        return new ArchCondition<>("be used only from their own package") {
            @Override
            public void check(JavaClass entity, ConditionEvents events) {
                for (Dependency dependency : entity.getDirectDependenciesToSelf()) {
                    JavaClass origin = dependency.getOriginClass();
                    String originPackage = origin.getPackageName();
                    if (!originPackage.equals(entity.getPackageName())) {
                        events.add(SimpleConditionEvent.violated(dependency, entity.getSimpleName() + " of "
                                + entity.getPackageName() + " is used by " + origin.getName() + ": " + dependency.getDescription()));
                    }
                }
            }
        };
    }
}
