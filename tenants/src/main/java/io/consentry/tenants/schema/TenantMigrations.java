package io.consentry.tenants.schema;

import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The SQL migrations of a tenant schema, listed explicitly.
 * <p>
 * Why a list: Quarkus resolves Flyway locations at build time for its configured datasources only, and tenant
 * schemas are created at run time. Listing the scripts (a test checks the list against the folder) lets us run
 * Flyway per schema without depending on class-path scanning inside Quarkus' class loaders.
 */
public final class TenantMigrations implements ResourceProvider {

    static final String LOCATION = "db/tenant";

    /** Every script under src/main/resources/db/tenant, in version order. Add new migrations here. */
    public static final List<String> SCRIPTS = List.of(
            "V1__tenant_profile.sql",
            "V2__audit_log.sql",
            "V10__purposes_subjects_consent.sql",
            "V20__sites_devices_policies.sql",
            "V21__alternative_credentials.sql",
            "V22__model_migration.sql",
            "V25__data_exports.sql",
            "V26__site_purposes.sql",
            "V27__subject_channels.sql",
            "V28__material_notices.sql",
            "V30__identification_operating_point.sql",
            "V40__credential_lockouts.sql",
            "V41__history_truncate_guards.sql",
            // minors and subject requests (issue 17, items 1 and 7)
            "V50__minors_and_guardians.sql",
            "V51__subject_requests.sql",
            // notices (issue 17, items 3 and 8)
            "V55__structured_notices.sql",
            // impact assessments, site categories, filing threshold (issue 17)
            "V60__impact_assessments.sql",
            "V61__site_categories.sql",
            "V62__filing_alerts.sql",
            // issue 17, signage part
            "V65__biometric_activity.sql",
            // issue 18, onboarding part
            "V66__staff_setup_tokens.sql",
            // issue 18, access part: groups, memberships, site rights
            "V70__access_rights.sql",
            // issue 18, webhooks part
            "V75__webhooks.sql",
            "V76__device_silence.sql",
            // issue 19: gallery cold loads read templates from the table's own pages
            "V77__templates_inline.sql");

    /**
     * The schema version this code needs: the highest script's version. A tenant whose schema is older is refused
     * until the migration job has brought it here.
     */
    public static final int LATEST_VERSION = SCRIPTS.stream().mapToInt(TenantMigrations::versionOf).max().orElse(0);

    /** The version of a script named {@code V<n>__description.sql}. */
    static int versionOf(String script) {
        return Integer.parseInt(script.substring(1, script.indexOf("__")));
    }

    @Override
    public LoadableResource getResource(String name) {
        return SCRIPTS.contains(name) ? new Script(name) : null;
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String... suffixes) {
        return SCRIPTS.stream()
                .filter(name -> name.startsWith(prefix) && Arrays.stream(suffixes).anyMatch(name::endsWith))
                .<LoadableResource>map(Script::new)
                .toList();
    }

    private static final class Script extends LoadableResource {
        private final String fileName;

        Script(String fileName) {
            this.fileName = fileName;
        }

        @Override
        public Reader read() {
            InputStream in = TenantMigrations.class.getClassLoader().getResourceAsStream(LOCATION + "/" + fileName);
            if (in == null) {
                throw new UncheckedIOException(new IOException("Tenant migration " + fileName + " is missing from the class path"));
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }

        @Override
        public String getAbsolutePath() {
            return LOCATION + "/" + fileName;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return getAbsolutePath();
        }

        @Override
        public String getFilename() {
            return fileName;
        }

        @Override
        public String getRelativePath() {
            return fileName;
        }
    }
}
