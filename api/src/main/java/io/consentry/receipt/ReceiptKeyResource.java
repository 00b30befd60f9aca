package io.consentry.receipt;

import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tenant's public receipt key for admins and auditors (the portal publishes the same key without sign-in). */
@Path("/api/v1/tenants/{tenant}/receipt-key")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({RealmRoles.TENANT_ADMIN, RealmRoles.AUDITOR})
@Tag(name = "Tenant: consent")
public class ReceiptKeyResource {

    private final ReceiptKeys receiptKeys;

    ReceiptKeyResource(ReceiptKeys receiptKeys) {
        this.receiptKeys = receiptKeys;
    }

    @GET
    @Operation(summary = "The tenant's public receipt key (JWK and Tink public keyset)")
    public ReceiptKeys.PublicKey receiptKey(@PathParam("tenant") String tenant) {
        return receiptKeys.publicKey();
    }
}
