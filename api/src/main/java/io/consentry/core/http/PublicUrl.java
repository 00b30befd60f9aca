package io.consentry.core.http;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.net.URI;
import java.util.Optional;

/**
 * Where people reach the platform ({@code consentry.public-url}): the base of invitation links and of the console's
 * redirect URI, and whether its cookies are Secure. Behind a TLS-terminating ingress the request itself says plain
 * http, and its Host header is the caller's to choose, so neither is trusted for either purpose: outside dev and test
 * the public URL is required at start-up, and must be https unless it names this machine's loopback address (the local
 * run). Cookies are Secure exactly when it is https.
 */
@ApplicationScoped
public class PublicUrl {

    private final Optional<URI> configured;
    private final LaunchMode mode;

    @jakarta.inject.Inject
    PublicUrl(@ConfigProperty(name = "consentry.public-url") Optional<String> configured) {
        this(configured, LaunchMode.current());
    }

    PublicUrl(Optional<String> configured, LaunchMode mode) {
        this.configured = configured.map(String::strip).filter(s -> !s.isEmpty()).map(PublicUrl::parse);
        this.mode = mode;
    }

    void check(@Observes StartupEvent event) {
        validate();
    }

    /** Fails start-up with a message naming the setting, unless the configuration is usable in this launch mode. */
    void validate() {
        if (mode != LaunchMode.NORMAL) {
            return;
        }
        URI url = configured.orElseThrow(() -> new IllegalStateException("consentry.public-url (CONSENTRY_PUBLIC_URL) is "
                + "required: the address people reach the platform at, e.g. https://consentry.example.com (the Helm chart "
                + "derives it from ingress.host)."));
        if (!"https".equals(url.getScheme()) && !isLoopback(url.getHost())) {
            throw new IllegalStateException("consentry.public-url must be https outside a local run (" + url + "): console "
                    + "cookies are Secure and sign-in redirects must not travel in clear.");
        }
    }

    /** The configured base, without trailing slash (dev and test: http://127.0.0.1:8080 unless configured). */
    public String base() {
        return configured.map(u -> strip(u.toString())).orElse("http://127.0.0.1:8080");
    }

    /**
     * The base for addresses this request will be sent back to (the console's redirect URI). The configured one in
     * production, never the request's (its Host header is the caller's); in dev and test the request's own, since
     * tests listen on random ports.
     */
    public String baseFor(UriInfo request) {
        return mode == LaunchMode.NORMAL ? base() : strip(request.getBaseUri().toString());
    }

    /** Cookies carry Secure when the platform is reached over https. */
    public boolean secureCookies() {
        return configured.map(u -> "https".equals(u.getScheme())).orElse(false);
    }

    private static URI parse(String value) {
        URI uri = URI.create(value);
        if (uri.getScheme() == null || uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || (uri.getRawQuery() != null) || (uri.getRawFragment() != null)) {
            throw new IllegalStateException("consentry.public-url must be an absolute http(s) URL without query: " + value);
        }
        return uri;
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (Exception e) {
            return false;
        }
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
