package io.consentry.webhook;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which receiver addresses the platform will POST to, so that a tenant admin cannot turn the webhook sender against
 * the platform's own network (SSRF). Refused: anything but http(s); credentials in the URL; fragments; link-local
 * addresses (169.254/16 — where cloud metadata services answer — and fe80::/10), known metadata names, the unspecified
 * and multicast addresses; loopback (it reaches the api's own management port). Plain http is refused too, except to a
 * loopback address when {@code consentry.webhooks.allow-http-loopback} is set (tests and local runs, where the receiver
 * is on the same machine). Private ranges (10/8, 172.16/12, 192.168/16) are allowed: on-site turnstile systems live
 * there. Names are resolved and checked when the subscription is saved and again before every delivery (a name that
 * later resolves to a refused address is not delivered to); the remaining window between that check and the
 * connection is closed by the deployment's egress policy, not here.
 */
@ApplicationScoped
public class WebhookUrls {

    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata", "instance-data",
            "metadata.azure.internal");

    private final boolean allowHttpLoopback;

    WebhookUrls(@ConfigProperty(name = "consentry.webhooks.allow-http-loopback", defaultValue = "false") boolean allowHttpLoopback) {
        this.allowHttpLoopback = allowHttpLoopback;
    }

    /** Why {@code url} is refused when saving a subscription, or empty when it is acceptable. */
    public Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of("must be an https:// URL");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not carry a user name or password; the signature authenticates the platform");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("must not have a #fragment");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            return Optional.of("must name a host");
        }
        if (METADATA_NAMES.contains(host.toLowerCase(Locale.ROOT))) {
            return Optional.of("must not point to a cloud metadata service");
        }
        Optional<InetAddress[]> addresses = resolve(host);
        boolean loopback = addresses.map(all -> all.length > 0 && java.util.Arrays.stream(all).allMatch(InetAddress::isLoopbackAddress))
                .orElse(host.equalsIgnoreCase("localhost"));
        if (addresses.isPresent()) {
            for (InetAddress address : addresses.get()) {
                Optional<String> refused = refusedAddress(address, loopback && allowHttpLoopback);
                if (refused.isPresent()) {
                    return refused;
                }
            }
        }
        if (scheme.equals("http") && !(allowHttpLoopback && loopback)) {
            return Optional.of("must use https (plain http only to a loopback receiver where the platform allows it)");
        }
        if (loopback && !allowHttpLoopback) {
            return Optional.of("must not point to the platform's own machine (loopback)");
        }
        return Optional.empty();
    }

    /** Checked again before each delivery: the name may resolve elsewhere now. */
    Optional<String> refusalBeforeSending(URI uri) {
        return refusal(uri.toString());
    }

    private static Optional<String> refusedAddress(InetAddress address, boolean loopbackAllowed) {
        if (address.isLinkLocalAddress()) {
            return Optional.of("must not point to a link-local address (cloud metadata services answer there)");
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return Optional.of("must point to one receiver (not an unspecified or multicast address)");
        }
        if (address instanceof Inet6Address v6 && isIpv6Metadata(v6)) {
            return Optional.of("must not point to a cloud metadata service");
        }
        if (address.isLoopbackAddress() && !loopbackAllowed) {
            return Optional.of("must not point to the platform's own machine (loopback)");
        }
        return Optional.empty();
    }

    /** fd00:ec2::254, the IPv6 address of one cloud's metadata service. */
    private static boolean isIpv6Metadata(Inet6Address address) {
        byte[] b = address.getAddress();
        return (b[0] & 0xff) == 0xfd && b[1] == 0 && (b[2] & 0xff) == 0x0e && (b[3] & 0xff) == 0xc2
                && b[14] == 0x02 && (b[15] & 0xff) == 0x54;
    }

    private static Optional<InetAddress[]> resolve(String host) {
        try {
            return Optional.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException | SecurityException e) {
            return Optional.empty();
        }
    }
}
