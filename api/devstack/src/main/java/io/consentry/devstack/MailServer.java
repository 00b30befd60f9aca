package io.consentry.devstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real mail server on 127.0.0.1 for local runs and tests: GreenMail's SMTP server (the api delivers invitations and
 * notices to data subjects to it, over SMTP, exactly as to a production relay) and its IMAP server (for a mail
 * client), plus a small web mailbox that shows what every address received — the subject's inbox of a local run, and
 * what the tests and the browser journey read links and codes from.
 *
 * <p>Every address accepts mail; nothing is delivered elsewhere. Mail is kept in memory: a restart empties the
 * mailboxes. IMAP accepts any password (log in with the address).
 *
 * <p>Web mailbox: {@code GET /} lists the addresses that received mail, {@code GET /mailbox/{address}} shows their
 * messages (newest first, links clickable), {@code GET /api/messages?to={address}} returns them as JSON.
 */
public final class MailServer implements AutoCloseable {

    private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"]+");

    private final GreenMail greenMail;
    private final HttpServer http;
    private final int smtpPort;
    private final int imapPort;
    private final ObjectMapper json = new ObjectMapper();

    private MailServer(GreenMail greenMail, HttpServer http, int smtpPort, int imapPort) {
        this.greenMail = greenMail;
        this.http = http;
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
    }

    /** Ports are fixed numbers, or 0 for free ones. */
    public static MailServer start(int smtpPort, int imapPort, int mailboxPort) {
        int smtp = LocalPorts.claim(smtpPort, "SMTP server (GreenMail)", "--smtp-port (or 0 for any free port)");
        int imap = LocalPorts.claim(imapPort, "IMAP server (GreenMail)", "--imap-port (or 0 for any free port)");
        int web = LocalPorts.claim(mailboxPort, "Web mailbox", "--mailbox-port (or 0 for any free port)");
        GreenMail greenMail = new GreenMail(new ServerSetup[]{
                new ServerSetup(smtp, LocalPorts.LOOPBACK, ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imap, LocalPorts.LOOPBACK, ServerSetup.PROTOCOL_IMAP)})
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.start();
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(LocalPorts.loopback(), web), 16);
            http.setExecutor(Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "web-mailbox");
                t.setDaemon(true);
                return t;
            }));
            MailServer server = new MailServer(greenMail, http, smtp, imap);
            http.createContext("/", server::handle);
            http.start();
            return server;
        } catch (IOException | RuntimeException e) {
            greenMail.stop();
            throw new IllegalStateException("web mailbox did not start on 127.0.0.1:" + web + ": " + e.getMessage(), e);
        }
    }

    public String smtpHost() {
        return LocalPorts.LOOPBACK;
    }

    public int smtpPort() {
        return smtpPort;
    }

    public int imapPort() {
        return imapPort;
    }

    /** The web mailbox, e.g. http://127.0.0.1:8026 */
    public String mailboxUrl() {
        return "http://" + LocalPorts.LOOPBACK + ":" + http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
        greenMail.stop();
    }

    /** One received message as the web mailbox and its JSON show it. */
    record Mail(String to, String from, String subject, String sentAt, String text, List<Attachment> attachments) {
    }

    record Attachment(String name, String contentType, String content) {
    }

    List<Mail> messagesTo(String address) {
        List<Mail> out = new ArrayList<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            try {
                List<String> recipients = Arrays.stream(orEmpty(message.getRecipients(Message.RecipientType.TO)))
                        .map(MailServer::bare).toList();
                if (address == null || recipients.contains(address.toLowerCase())) {
                    out.add(read(message, String.join(", ", recipients)));
                }
            } catch (MessagingException | IOException e) {
                throw new IllegalStateException("unreadable message: " + e.getMessage(), e);
            }
        }
        java.util.Collections.reverse(out); // newest first
        return out;
    }

    private TreeSet<String> addresses() throws MessagingException {
        TreeSet<String> all = new TreeSet<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            for (Address a : orEmpty(message.getRecipients(Message.RecipientType.TO))) {
                all.add(bare(a));
            }
        }
        return all;
    }

    private static Address[] orEmpty(Address[] addresses) {
        return addresses == null ? new Address[0] : addresses;
    }

    private static String bare(Address address) {
        String text = address.toString();
        int lt = text.indexOf('<');
        return (lt >= 0 ? text.substring(lt + 1, text.indexOf('>', lt)) : text).trim().toLowerCase();
    }

    private static Mail read(MimeMessage message, String to) throws MessagingException, IOException {
        StringBuilder text = new StringBuilder();
        List<Attachment> attachments = new ArrayList<>();
        collect(message, text, attachments);
        String from = message.getFrom() == null || message.getFrom().length == 0 ? "" : message.getFrom()[0].toString();
        String sent = message.getSentDate() == null ? "" : message.getSentDate().toInstant().toString();
        return new Mail(to, from, message.getSubject(), sent, text.toString(), attachments);
    }

    private static void collect(Part part, StringBuilder text, List<Attachment> attachments) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                collect(multipart.getBodyPart(i), text, attachments);
            }
        } else if (part.getFileName() != null || Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            try (InputStream in = part.getInputStream()) {
                attachments.add(new Attachment(part.getFileName(), part.getContentType(), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        } else if (part.isMimeType("text/plain")) {
            text.append(part.getContent());
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String path = uri.getPath();
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain", "GET only");
            } else if (path.equals("/api/messages")) {
                String to = query(uri).get("to");
                send(exchange, 200, "application/json", json.writeValueAsString(messagesTo(to)));
            } else if (path.startsWith("/mailbox/")) {
                String address = URLDecoder.decode(path.substring("/mailbox/".length()), StandardCharsets.UTF_8);
                send(exchange, 200, "text/html; charset=utf-8", mailboxPage(address));
            } else if (path.equals("/")) {
                send(exchange, 200, "text/html; charset=utf-8", indexPage());
            } else {
                send(exchange, 404, "text/plain", "not found");
            }
        } catch (MessagingException | RuntimeException e) {
            send(exchange, 500, "text/plain", String.valueOf(e.getMessage()));
        }
    }

    private String indexPage() throws MessagingException {
        StringBuilder html = page("Local mailboxes");
        html.append("<p>Every message the platform sent in this run, by recipient (kept in memory only).</p><ul>");
        for (String address : addresses()) {
            html.append("<li><a href=\"/mailbox/").append(URLEncoder.encode(address, StandardCharsets.UTF_8)).append("\">")
                    .append(escape(address)).append("</a></li>");
        }
        return html.append("</ul></body></html>").toString();
    }

    private String mailboxPage(String address) {
        StringBuilder html = page("Mailbox of " + address);
        List<Mail> mails = messagesTo(address);
        if (mails.isEmpty()) {
            html.append("<p>No mail yet.</p>");
        }
        for (Mail mail : mails) {
            html.append("<article class=\"mail\"><h2>").append(escape(mail.subject())).append("</h2><p class=\"meta\">From ")
                    .append(escape(mail.from())).append(" · ").append(escape(mail.sentAt())).append("</p><pre>")
                    .append(linked(mail.text())).append("</pre>");
            for (Attachment a : mail.attachments()) {
                html.append("<details><summary>Attachment: ").append(escape(a.name())).append("</summary><pre>")
                        .append(escape(a.content())).append("</pre></details>");
            }
            html.append("</article>");
        }
        return html.append("</body></html>").toString();
    }

    private static StringBuilder page(String title) {
        return new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title><style>body{font-family:sans-serif;max-width:50rem;margin:1rem auto;padding:0 1rem}"
                        + ".mail{border:1px solid #ccc;border-radius:6px;padding:0 1rem;margin:1rem 0}.meta{color:#555}"
                        + "pre{white-space:pre-wrap;font-family:inherit}</style></head><body><h1>")
                .append(escape(title)).append("</h1>");
    }

    /** Escapes the text and makes its links clickable (what a mail client would do). */
    private static String linked(String text) {
        StringBuilder out = new StringBuilder();
        Matcher m = LINK.matcher(text);
        int last = 0;
        while (m.find()) {
            out.append(escape(text.substring(last, m.start())));
            String url = m.group();
            out.append("<a href=\"").append(escape(url)).append("\">").append(escape(url)).append("</a>");
            last = m.end();
        }
        return out.append(escape(text.substring(last))).toString();
    }

    private static String escape(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        if (uri.getRawQuery() == null) {
            return out;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
