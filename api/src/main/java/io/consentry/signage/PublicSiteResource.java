package io.consentry.signage;

import io.consentry.core.limits.SharedLimits;
import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The public notice of a site that processes faces, and its printable sign: no sign-in, nothing about any person.
 * Rate-limited per client address (shared by all replicas) like every route anyone may call.
 */
@Path("/public/{tenant}/sites/{site}")
@PermitAll
@Tag(name = "Public notices")
public class PublicSiteResource {

    private final PublicSites sites;
    private final SignPdf pdf;
    private final SignPng png;
    private final SharedLimits limits;
    private final double perSecond;
    private final double burst;

    PublicSiteResource(PublicSites sites, SignPdf pdf, SignPng png, SharedLimits limits,
                       @ConfigProperty(name = "consentry.public.rate-limit.per-second", defaultValue = "5") double perSecond,
                       @ConfigProperty(name = "consentry.public.rate-limit.burst", defaultValue = "30") double burst) {
        this.sites = sites;
        this.pdf = pdf;
        this.png = png;
        this.limits = limits;
        this.perSecond = perSecond;
        this.burst = burst;
    }

    @GET
    @Produces("text/html;charset=utf-8")
    @Operation(summary = "The site's public notice (HTML, English or Chinese by ?lang=en|zh or Accept-Language): the face "
            + "processing there, its purpose and notice, the other ways in, the controller, how to withdraw, the retention schedule")
    public Response page(@PathParam("tenant") String tenant, @PathParam("site") String site, @QueryParam("lang") String lang,
                         @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String accept, @Context HttpServerRequest request) {
        throttle(request);
        Lang chosen = Lang.choose(lang, accept);
        return Response.ok(SitePage.render(sites.notice(tenant, site), chosen), "text/html;charset=utf-8")
                .header(HttpHeaders.CONTENT_LANGUAGE, chosen.tag()).header("Vary", "Accept-Language")
                .header("Cache-Control", "public, max-age=60").build();
    }

    @GET
    @Path("sign.pdf")
    @Produces("application/pdf")
    @Operation(summary = "The printable sign (A4 portrait PDF) with a QR code of the public page; ?lang=en|zh")
    public Response signPdf(@PathParam("tenant") String tenant, @PathParam("site") String site, @QueryParam("lang") String lang,
                            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String accept, @Context HttpServerRequest request) {
        throttle(request);
        Lang chosen = Lang.choose(lang, accept);
        return file(pdf.render(sites.notice(tenant, site), chosen), "application/pdf", "sign-" + chosen.tag() + ".pdf", chosen);
    }

    @GET
    @Path("sign.png")
    @Produces("image/png")
    @Operation(summary = "The printable sign as an A4 portrait PNG (150 dpi) with a QR code of the public page; ?lang=en|zh")
    public Response signPng(@PathParam("tenant") String tenant, @PathParam("site") String site, @QueryParam("lang") String lang,
                            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String accept, @Context HttpServerRequest request) {
        throttle(request);
        Lang chosen = Lang.choose(lang, accept);
        return file(png.render(sites.notice(tenant, site), chosen), "image/png", "sign-" + chosen.tag() + ".png", chosen);
    }

    private static Response file(byte[] body, String type, String name, Lang lang) {
        return Response.ok(body, type).header("Content-Disposition", "inline; filename=\"" + name + "\"")
                .header(HttpHeaders.CONTENT_LANGUAGE, lang.tag()).header("Vary", "Accept-Language").build();
    }

    private void throttle(HttpServerRequest request) {
        String address = request == null || request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        if (!limits.tryTake("public:" + address, perSecond, burst)) {
            throw new ApiException(ProblemCode.RATE_LIMITED, "Too many requests for public notices from your address; retry in a moment.");
        }
    }
}
