package io.consentry.console;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The page a staff member's setup link opens ({@code /setup/{tenant}#token=…}; the token stays in the fragment, out of
 * every server log): they choose a password there, then sign in to the console.
 */
@Path("/setup/{tenant}")
public class SetupPage {

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response page(@PathParam("tenant") String tenant) {
        return ConsolePages.page("setup.html");
    }
}
