package io.consentry.consent;

import io.consentry.testing.RealServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

import static io.consentry.consent.ConsentFixtures.assertProblem;
import static io.consentry.testing.TestPhotos.photo;
import static org.assertj.core.api.Assertions.assertThat;

/** Hostile and unusable uploads: each gets its own clear 4xx problem; none a 500; the server keeps working. */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class EnrolmentBadInputTest {

    @Inject
    Keycloak keycloak;

    @Test
    void everyBadUploadGetsItsOwnClearCode() throws IOException {
        ConsentFixtures t = ConsentFixtures.tenant(keycloak, "BANK");
        String session = t.session(t.createSubject("client-bad-input"));
        t.decide(session, "counter-verification", "GRANT").then().statusCode(201);

        byte[] good = photo("obama_1.jpg");
        Map<String, Case> cases = new LinkedHashMap<>();
        cases.put("two faces", new Case(photo("multi_two_people.jpg"), 422, "multiple_faces"));
        cases.put("three faces", new Case(photo("multi_obama_and_biden.jpg"), 422, "multiple_faces"));
        cases.put("no face (blank)", new Case(blank(640, 480), 422, "no_face_found"));
        cases.put("tiny image 16x16", new Case(png(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB)), 422, "image_too_small"));
        cases.put("tiny face in a large frame", new Case(tinyFace(good), 422, null));
        cases.put("corrupt JPEG (random body)", new Case(corrupt(good), 400, "corrupt_image"));
        cases.put("truncated JPEG", new Case(Arrays.copyOf(good, good.length / 2), 400, "corrupt_image"));
        cases.put("huge dimensions (PNG header 60000x60000)", new Case(hugePng(60000, 60000), 413, "image_too_large"));
        cases.put("non-image (text)", new Case("hello, I am not a photo".getBytes(StandardCharsets.UTF_8), 415, "unsupported_image"));
        cases.put("GIF", new Case(gif(), 415, "unsupported_image"));
        cases.put("empty body", new Case(new byte[0], 400, "image_required"));
        cases.put("over the byte limit", new Case(oversize(good), 413, "image_too_large"));

        for (Map.Entry<String, Case> c : cases.entrySet()) {
            Response response = t.enrol(session, c.getValue().body());
            assertThat(response.statusCode()).as(c.getKey() + ": " + response.asString()).isEqualTo(c.getValue().status());
            assertThat(response.contentType()).as(c.getKey()).startsWith("application/problem+json");
            if (c.getValue().code() != null) {
                assertThat((String) response.path("code")).as(c.getKey()).isEqualTo(c.getValue().code());
            } else {
                assertThat((String) response.path("code")).as(c.getKey()).isIn("face_too_small", "no_face_found", "low_quality");
            }
        }

        // Random mutations of a real photo: any answer but a 5xx.
        Random random = new Random(42);
        int mutations = 40;
        for (int i = 0; i < mutations; i++) {
            byte[] mutated = good.clone();
            int flips = 1 + random.nextInt(64);
            for (int f = 0; f < flips; f++) {
                mutated[random.nextInt(mutated.length)] ^= (byte) (1 << random.nextInt(8));
            }
            if (random.nextBoolean()) {
                mutated = Arrays.copyOf(mutated, 2 + random.nextInt(mutated.length - 2));
            }
            int status = t.enrol(session, mutated).statusCode();
            assertThat(status).as("mutation " + i).isBetween(200, 499);
        }
        System.out.printf("[enrolment bad input] %d named cases + %d random mutations tried, no 5xx%n", cases.size(), mutations);

        // Still alive and well (some mild mutations are still good photos and were enrolled: that is fine, up to the
        // limit of templates a subject may hold; at the limit a new photo replaces one explicitly).
        String subjectId = t.asAdmin().get(t.api("/subjects")).then().extract().path("items[0].id");
        int before = (Integer) t.consentsOf(subjectId).get("templates");
        if (before < 3) {
            t.enrol(session, good).then().statusCode(201);
            assertThat(t.consentsOf(subjectId)).containsEntry("templates", before + 1);
        } else {
            assertProblem(t.enrol(session, good), 409, "template_limit_reached");
            String oldest = t.asSubject(session).get(t.portal("/templates")).then().statusCode(200).extract().path("[0].id");
            io.restassured.RestAssured.given().header("Authorization", "Portal " + session).contentType("image/jpeg").body(good)
                    .queryParam("replaces", oldest).post(t.portal("/enrolment")).then().statusCode(201);
            assertThat(t.consentsOf(subjectId)).containsEntry("templates", 3);
        }
    }

    record Case(byte[] body, int status, String code) {
    }

    static byte[] blank(int w, int h) throws IOException {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(120, 140, 160));
        g.fillRect(0, 0, w, h);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    static byte[] tinyFace(byte[] jpeg) throws IOException {
        BufferedImage face = ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
        BufferedImage canvas = new BufferedImage(1280, 960, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, 1280, 960);
        g.drawImage(face, 600, 440, 48, 48 * face.getHeight() / face.getWidth(), null);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(canvas, "jpg", out);
        return out.toByteArray();
    }

    static byte[] corrupt(byte[] jpeg) {
        byte[] bytes = jpeg.clone();
        Random random = new Random(7);
        for (int i = 600; i < bytes.length - 2; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    /** A structurally valid PNG whose header claims enormous dimensions (a decompression bomb's calling card). */
    static byte[] hugePng(int w, int h) {
        ByteBuffer out = ByteBuffer.allocate(8 + 25 + 12 + 12 + 12);
        out.put(new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[0]);
        chunk(out, "IEND", new byte[0]);
        return Arrays.copyOf(out.array(), out.position());
    }

    private static void chunk(ByteBuffer out, String type, byte[] data) {
        out.putInt(data.length);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.put(typeBytes).put(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.putInt((int) crc.getValue());
    }

    static byte[] gif() {
        return new byte[]{'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0, 0, 0, ',', 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 'D', 1, 0, ';'};
    }

    static byte[] oversize(byte[] jpeg) {
        byte[] big = Arrays.copyOf(jpeg, 10 * 1024 * 1024 + 1);
        return big;
    }
}
