package io.consentry.core.security;

import io.consentry.core.problem.Problem;
import io.consentry.core.problem.ProblemCode;
import io.consentry.core.problem.ProblemMappers;
import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A role check refused the request. When the real reason is that the token does not belong here at all (an operator
 * on a tenant route, another tenant's token, a realm token on the portal), say that, exactly as the tenant access
 * filter would have: the role check simply ran first.
 */
public class ForbiddenMapper {

    private final TenantAccessFilter access;

    ForbiddenMapper(TenantAccessFilter access) {
        this.access = access;
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        if (ProblemMappers.isPortal(uri)) {
            // Nobody but the subject acts on the portal.
            return ProblemMappers.respond(ProblemMappers.portalTokenRequired(), uri);
        }
        Problem problem = access.refusalFromToken(uri.getPath())
                .orElseGet(() -> Problem.of(ProblemCode.FORBIDDEN, "Your token does not carry a role that may do this."));
        return ProblemMappers.respond(problem, uri);
    }
}
