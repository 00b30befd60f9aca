package io.consentry.filing;

import io.consentry.core.work.BackgroundExecutor;
import io.consentry.core.work.TenantWork;
import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Every tenant's count of people with face data, the platform total, and which tenants crossed the filing threshold. */
@Path("/api/v1/platform/filing")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(RealmRoles.PLATFORM_OPERATOR)
@Tag(name = "Platform: filing threshold")
public class OperatorFilingResource {

    private final FilingThreshold filing;
    private final TenantWork work;
    private final BackgroundExecutor background;

    OperatorFilingResource(FilingThreshold filing, TenantWork work, BackgroundExecutor background) {
        this.filing = filing;
        this.work = work;
        this.background = background;
    }

    /**
     * @param platformTotal the sum over tenants (each tenant's subjects are its own people)
     * @param alerts        the tenants at or above the threshold: they must file
     */
    public record PlatformFiling(long threshold, long platformTotal, List<FilingStatus> tenants, List<FilingStatus> alerts) {
    }

    @GET
    @Operation(summary = "Every tenant's count of people whose face data it holds, the platform total and the tenants "
            + "that crossed the filing threshold")
    public PlatformFiling get() {
        // Each tenant is counted as that tenant, on a thread of its own: the operator's request stays the operator's.
        List<FilingStatus> tenants = CompletableFuture.supplyAsync(() -> {
            List<FilingStatus> out = new ArrayList<>();
            for (var tenant : work.liveTenants()) {
                out.add(work.as(tenant, filing::status));
            }
            return out;
        }, background).join();
        List<FilingStatus> sorted = tenants.stream().sorted(Comparator.comparing(FilingStatus::tenant)).toList();
        return new PlatformFiling(filing.threshold(), sorted.stream().mapToLong(FilingStatus::people).sum(), sorted,
                sorted.stream().filter(FilingStatus::crossed).toList());
    }
}
