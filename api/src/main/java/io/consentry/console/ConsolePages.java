package io.consentry.console;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The two single-page apps of the consentry-ui jar (META-INF/resources/ui/), served at the addresses people are
 * given: {@code /consent/{tenant}} (invitation links and QR codes, here) and {@code /console/{tenant}} (ConsoleResource). Both use hash
 * routes, so these are the only page addresses. A strict CSP: everything is bundled, nothing is loaded from elsewhere.
 */
@Path("/consent/{tenant}")
public class ConsolePages {

    static final String CSP = "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
            + "connect-src 'self'; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private static final Map<String, byte[]> PAGES = new ConcurrentHashMap<>();

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response portal(@PathParam("tenant") String tenant) {
        return page("portal.html");
    }

    static Response page(String name) {
        byte[] html = PAGES.computeIfAbsent(name, n -> {
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("META-INF/resources/ui/" + n)) {
                if (in == null) {
                    throw new NotFoundException("The ui bundle is not on the class path");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Content-Security-Policy", CSP)
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-cache")
                .build();
    }
}
