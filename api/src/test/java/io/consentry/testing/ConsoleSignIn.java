package io.consentry.testing;

import java.io.IOException;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The console's sign-in as a browser does it, over plain HTTP: /console/{t}/login, Keycloak's login form, the
 * redirect back to /console/{t}/callback with the browser's cookies. One instance is one browser (its own cookie jar).
 * The jar keeps cookies per host and port and ignores their attributes: Keycloak marks its own Secure, which a browser
 * still sends to 127.0.0.1 (a secure context) but Java's CookieManager would not.
 */
public final class ConsoleSignIn {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
    private static final Pattern OTP_ACTION = Pattern.compile("<form[^>]*id=\"kc-otp-login-form\"[^>]*action=\"([^\"]+)\"");

    private final Map<String, Map<String, String>> jar = new java.util.concurrent.ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** Starts a sign-in at {@code api}; returns the redirect to Keycloak. */
    public HttpResponse<String> start(String api, String tenant) throws IOException, InterruptedException {
        return get(URI.create(api + "/console/" + tenant + "/login"));
    }

    /** Starts a sign-in to the operators' console (platform realm) at {@code api}; returns the redirect to Keycloak. */
    public HttpResponse<String> startOperator(String api) throws IOException, InterruptedException {
        return get(URI.create(api + "/operator/login"));
    }

    /**
     * Follows Keycloak's login form with the password and returns where Keycloak sends the browser back (the callback
     * URL with code and state), without following it.
     */
    public URI loginAtKeycloak(HttpResponse<String> toKeycloak, String username, String password) throws IOException, InterruptedException {
        URI loginPage = URI.create(toKeycloak.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> page = get(loginPage);
        Matcher action = FORM_ACTION.matcher(page.body());
        if (!action.find()) {
            throw new IllegalStateException("no Keycloak login form at " + loginPage + ": HTTP " + page.statusCode());
        }
        String form = Map.of("username", username, "password", password, "credentialId", "").entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> posted = send(withCookies(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&"))))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build());
        Matcher otp = OTP_ACTION.matcher(posted.statusCode() == 200 ? posted.body() : "");
        if (otp.find()) {
            // Admins and auditors: the realm asks for the authenticator app's code (test users share a known secret).
            String code = "otp=" + Totp.code(Totp.TEST_SECRET);
            HttpResponse<String> second = send(withCookies(HttpRequest.newBuilder(URI.create(otp.group(1).replace("&amp;", "&"))))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(code)).build());
            return URI.create(second.headers().firstValue("Location").orElseThrow(() ->
                    new IllegalStateException("Keycloak did not redirect after the one-time code: HTTP " + second.statusCode())));
        }
        return URI.create(posted.headers().firstValue("Location").orElseThrow(() ->
                new IllegalStateException("Keycloak did not redirect after sign-in: HTTP " + posted.statusCode())));
    }

    /** Posts Keycloak's login form with the password and returns Keycloak's answer as it is (no second step). */
    public HttpResponse<String> postLogin(HttpResponse<String> toKeycloak, String username, String password) throws IOException, InterruptedException {
        URI loginPage = URI.create(toKeycloak.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> page = get(loginPage);
        Matcher action = FORM_ACTION.matcher(page.body());
        if (!action.find()) {
            throw new IllegalStateException("no Keycloak login form at " + loginPage + ": HTTP " + page.statusCode());
        }
        String form = Map.of("username", username, "password", password, "credentialId", "").entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(withCookies(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&"))))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    /** Calls the callback as this browser (with its cookies). */
    public HttpResponse<String> callback(URI callback) throws IOException, InterruptedException {
        return get(callback);
    }

    /** The whole sign-in; returns the session cookie's value. */
    public String signIn(String api, String tenant, String username, String password) throws IOException, InterruptedException {
        HttpResponse<String> done = callback(loginAtKeycloak(start(api, tenant), username, password));
        if (done.statusCode() != 303) {
            throw new IllegalStateException("console sign-in failed: HTTP " + done.statusCode() + " " + done.body());
        }
        return cookie("consentry_console_" + tenant.replace('-', '_')).orElseThrow();
    }

    /** A cookie this browser holds (from any host), if it is set and not cleared. */
    public Optional<String> cookie(String name) {
        return jar.values().stream().map(c -> c.get(name)).filter(v -> v != null && !v.isEmpty()).findFirst();
    }

    public HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return send(withCookies(HttpRequest.newBuilder(uri)).GET().build());
    }

    private HttpRequest.Builder withCookies(HttpRequest.Builder request) {
        URI uri = request.copy().GET().build().uri();
        Map<String, String> cookies = jar.getOrDefault(origin(uri), Map.of());
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
        }
        return request;
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        Map<String, String> cookies = jar.computeIfAbsent(origin(request.uri()), o -> new java.util.concurrent.ConcurrentHashMap<>());
        for (String header : response.headers().allValues("Set-Cookie")) {
            for (HttpCookie cookie : HttpCookie.parse(header)) {
                if (cookie.getMaxAge() == 0 || cookie.getValue().isEmpty()) {
                    cookies.remove(cookie.getName());
                } else {
                    cookies.put(cookie.getName(), cookie.getValue());
                }
            }
        }
        return response;
    }

    private static String origin(URI uri) {
        return uri.getHost() + ":" + uri.getPort();
    }

    /** A query parameter of a URI. */
    public static String query(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
