package io.consentry.testing;

import io.restassured.RestAssured;
import io.restassured.common.mapper.TypeRef;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One address's inbox on the test stack's real mail server (the api sent it over SMTP), read from the stack's web
 * mailbox. Remembers what it has already handed out, so {@link #next} waits for a message that arrived since.
 */
public final class Mailbox {

    private static final Pattern INVITATION = Pattern.compile("#invitation=([A-Za-z0-9_-]{20,100})");
    private static final Pattern CODE = Pattern.compile("Your code: (\\d{6})");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String url;
    private final String address;
    private int seen;

    private Mailbox(String url, String address) {
        this.url = url;
        this.address = address;
    }

    /** The inbox of {@code address}; what it already holds counts as seen. */
    public static Mailbox of(String address) {
        return of(url(), address);
    }

    /** The same, on the web mailbox at {@code mailboxUrl} (outside a Quarkus test, e.g. with two api processes). */
    public static Mailbox of(String mailboxUrl, String address) {
        Mailbox box = new Mailbox(mailboxUrl, address);
        box.seen = box.all().size();
        return box;
    }

    /** The inbox from its first message: nothing counts as seen. */
    public static Mailbox fromStart(String address) {
        return new Mailbox(url(), address);
    }

    public record Attachment(String name, String contentType, String content) {
    }

    public record Mail(String to, String from, String subject, String sentAt, String text, List<Attachment> attachments) {
        public String invitationToken() {
            Matcher m = INVITATION.matcher(text);
            if (!m.find()) {
                throw new AssertionError("no invitation link in: " + subject);
            }
            return m.group(1);
        }

        public String link() {
            Matcher m = Pattern.compile("https?://\\S+#invitation=\\S+").matcher(text);
            if (!m.find()) {
                throw new AssertionError("no invitation link in: " + subject);
            }
            return m.group();
        }

        public String contactCode() {
            Matcher m = CODE.matcher(subject);
            if (!m.find()) {
                throw new AssertionError("no contact code in: " + subject);
            }
            return m.group(1);
        }
    }

    public static String url() {
        return ConfigProvider.getConfig().getValue("consentry.devstack.mailbox-url", String.class);
    }

    /** Every message the address received, oldest first. */
    public List<Mail> all() {
        List<Mail> newestFirst = RestAssured.given().queryParam("to", address).get(url + "/api/messages")
                .then().statusCode(200).extract().as(new TypeRef<List<Mail>>() {
                });
        List<Mail> out = new ArrayList<>(newestFirst);
        Collections.reverse(out);
        return out;
    }

    /**
     * The next message since the last one handed out that satisfies {@code which}, waiting up to 60 s: a mail is sent
     * right after commit, but one the server did not take at once is only retried on the outbox's schedule.
     */
    public Mail next(Predicate<Mail> which) {
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            List<Mail> mails = all();
            for (int i = seen; i < mails.size(); i++) {
                if (which.test(mails.get(i))) {
                    seen = i + 1;
                    return mails.get(i);
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("No matching mail reached " + address + " within " + WAIT.toSeconds() + " s; it has: "
                        + mails.stream().map(Mail::subject).toList());
            }
            sleep();
        }
    }

    public Mail nextInvitation() {
        return next(m -> INVITATION.matcher(m.text()).find());
    }

    public Mail nextCode() {
        return next(m -> CODE.matcher(m.subject()).find());
    }

    public Mail nextWithSubject(String start) {
        return next(m -> m.subject().startsWith(start));
    }

    /** Whether any message since the last one handed out satisfies {@code which} (no waiting). */
    public boolean hasNew(Predicate<Mail> which) {
        List<Mail> mails = all();
        return mails.subList(Math.min(seen, mails.size()), mails.size()).stream().anyMatch(which);
    }

    public String address() {
        return address;
    }

    private static void sleep() {
        try {
            Thread.sleep(150);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

}
