package io.consentry.devicekit;

import io.consentry.devicekit.sim.DeviceSim;
import io.consentry.testing.Devices;
import io.consentry.testing.FaceSite;
import io.consentry.testing.RealServers;
import io.consentry.testing.Tenants;
import io.consentry.testing.TestPhotos;
import io.consentry.testing.Users;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.admin.client.Keycloak;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static io.consentry.testing.TestPhotos.photo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The device kit and the simulator against the real servers, as a turnstile integrator uses them: a real
 * client-credentials token from the tenant's Keycloak realm, the real engine on the test photos, decisions read into
 * typed results, refusals into typed exceptions with the api's stable code.
 */
@QuarkusTest
@QuarkusTestResource(RealServers.class)
class DeviceKitEndToEndTest {

    private static FaceSite gate;
    private static String obama;

    @Inject
    Keycloak keycloak;

    @TestHTTPResource("/")
    URL api;

    @BeforeEach
    void aSiteWithAnEnrolledMember() {
        if (gate != null) {
            return;
        }
        String slug = Tenants.uniqueSlug("kit");
        Tenants.create(Users.tokenFor(keycloak, "platform", "platform-operator"), slug, "COMPOUND");
        gate = FaceSite.in(slug, Users.tokenFor(keycloak, slug, "tenant-admin"));
        obama = gate.consentingMember("obama-ref", "obama_1.jpg");
    }

    private DeviceClient client(Devices.Registered device) {
        return DeviceClient.builder().api(URI.create(api.toString())).keycloak(keycloak(), gate.tenant)
                .credentials(device.clientId(), device.secret()).build();
    }

    private static URI keycloak() {
        return URI.create(ConfigProvider.getConfig().getValue("consentry.keycloak.url", String.class));
    }

    @Test
    void theKitGetsATokenHeartbeatsAndTheMemberIsGrantedWhileAStrangerIsNot() {
        DeviceClient kit = client(gate.device);
        String token = kit.token();
        assertThat(kit.token()).as("cached until shortly before it expires").isSameAs(token);

        DeviceClient.HeartbeatAck ack = kit.heartbeat("turnstile-fw 4.2", DeviceClient.Health.OK, null);
        assertThat(ack.receivedAt()).isNotNull();
        given().auth().oauth2(gate.admin).get(gate.api("/devices/" + gate.device.id())).then().statusCode(200)
                .body("softwareVersion", org.hamcrest.Matchers.equalTo("turnstile-fw 4.2"));

        Decision granted = kit.verify(Claim.subjectRef("obama-ref"), photo("obama_2.jpg"));
        assertThat(granted.outcome()).isEqualTo(Decision.Outcome.GRANTED);
        assertThat(granted.reason()).isEqualTo("face_match");
        assertThat(granted.subjectId()).hasToString(obama);
        assertThat(granted.decisionId()).isNotNull();
        assertThat(granted.score()).isGreaterThanOrEqualTo(granted.threshold());

        Decision stranger = kit.verify(Claim.subjectRef("obama-ref"), photo("kit_harington_1.jpg"));
        assertThat(stranger.granted()).isFalse();
        assertThat(stranger.reason()).isEqualTo("face_mismatch");
        assertThat(stranger.allowedMethods()).contains("PIN", "QR");

        Decision identified = kit.identify(photo("obama_3.jpg"));
        assertThat(identified.outcome()).isEqualTo(Decision.Outcome.GRANTED);
        assertThat(identified.method()).isEqualTo("FACE_1_N");
        assertThat(identified.subjectId()).hasToString(obama);
        Decision unknown = kit.identify(photo("rose_leslie_1.jpg"));
        assertThat(unknown.outcome()).isEqualTo(Decision.Outcome.FALLBACK_REQUIRED);
        assertThat(unknown.reason()).isEqualTo("no_match");
        assertThat(unknown.subjectId()).isNull();
    }

    @Test
    void aPinAndAOneTimeQrCodeOpenAndTheQrCodeOnlyOnce() {
        String member = gate.consentingMember("biden-ref", "biden_1.jpg");
        gate.credential(member, Map.of("kind", "PIN", "pin", "482913"), "id");
        String qr = gate.credential(member, Map.of("kind", "QR_ONE_TIME", "validForMinutes", 10), "qrPayload");
        DeviceClient kit = client(gate.device);

        Decision pin = kit.alternative(Alternative.pin("biden-ref", "482913"));
        assertThat(pin.outcome()).isEqualTo(Decision.Outcome.GRANTED);
        assertThat(pin.method()).isEqualTo("PIN");
        assertThat(pin.subjectId()).hasToString(member);
        assertThat(kit.alternative(Alternative.pin("biden-ref", "000000")).reason()).isEqualTo("wrong_secret");

        assertThat(kit.alternative(Alternative.qr(qr)).outcome()).isEqualTo(Decision.Outcome.GRANTED);
        Decision again = kit.alternative(Alternative.qr(qr));
        assertThat(again.outcome()).isEqualTo(Decision.Outcome.DENIED);
        assertThat(again.reason()).isEqualTo("credential_used");
    }

    @Test
    void refusalsArriveAsTypedExceptionsWithTheStableCode() {
        DeviceClient kit = client(gate.device);
        assertThatThrownBy(() -> kit.verify(Claim.subjectRef("obama-ref"), photo("multi_obama_and_biden.jpg")))
                .isInstanceOfSatisfying(DeviceKitException.FrameRejected.class, e -> {
                    assertThat(e.code()).isEqualTo("multiple_faces");
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.detail()).isNotBlank();
                });
        assertThatThrownBy(() -> kit.verify(Claim.qr("whatever"), photo("obama_2.jpg")))
                .isInstanceOfSatisfying(DeviceKitException.ApiProblem.class, e -> assertThat(e.code()).isEqualTo("claim_not_allowed"));
        assertThatThrownBy(() -> kit.heartbeat(" ", DeviceClient.Health.OK, null))
                .isInstanceOfSatisfying(DeviceKitException.ApiProblem.class, e -> {
                    assertThat(e.code()).isEqualTo("validation_failed");
                    assertThat(e.errors()).extracting(DeviceKitException.FieldError::field).anyMatch(f -> f.contains("softwareVersion"));
                });
        DeviceClient wrongSecret = DeviceClient.builder().api(URI.create(api.toString())).keycloak(keycloak(), gate.tenant)
                .credentials(gate.device.clientId(), "not-the-secret").build();
        assertThatThrownBy(() -> wrongSecret.heartbeat("x", DeviceClient.Health.OK, null))
                .isInstanceOfSatisfying(DeviceKitException.Unauthenticated.class, e -> assertThat(e.code()).isEqualTo("unauthorized_client"));
    }

    @Test
    void aRevokedDevicesClientGetsATypedErrorAndCannotGetANewToken() {
        Devices.Registered doomed = Devices.register(gate.admin, gate.tenant, gate.site, "Doomed gate");
        DeviceClient kit = client(doomed);
        kit.heartbeat("fw 1", DeviceClient.Health.OK, null);
        given().auth().oauth2(gate.admin).post(gate.api("/devices/" + doomed.id() + "/revoke")).then().statusCode(200);

        // Its cached token is still valid at Keycloak, but the api reads the device's status on every call.
        assertThatThrownBy(() -> kit.verify(Claim.subjectRef("obama-ref"), photo("obama_2.jpg")))
                .isInstanceOfSatisfying(DeviceKitException.DeviceRevoked.class, e -> {
                    assertThat(e.code()).isEqualTo("device_revoked");
                    assertThat(e.status()).isEqualTo(403);
                });
        assertThatThrownBy(() -> kit.alternative(Alternative.pin("obama-ref", "123456")))
                .isInstanceOf(DeviceKitException.DeviceRevoked.class);
        // Its Keycloak client is gone: a fresh start of the device gets no token at all.
        assertThatThrownBy(() -> client(doomed).heartbeat("fw 1", DeviceClient.Health.OK, null))
                .isInstanceOf(DeviceKitException.Unauthenticated.class);
    }

    @Test
    void theSimulatorReplaysAFolderOfFramesAndSummarisesTheDecisions(@TempDir Path frames) throws Exception {
        for (String name : new String[]{"obama_2.jpg", "obama_3.jpg", "obama_4.jpg", "kit_harington_2.jpg"}) {
            Files.write(frames.resolve(name), TestPhotos.photo(name));
        }
        Files.writeString(frames.resolve("notes.txt"), "not a frame: skipped");
        String[] device = {"--api", api.toString(), "--keycloak", keycloak().toString(), "--tenant", gate.tenant,
                "--client-id", gate.device.clientId(), "--client-secret", gate.device.secret()};

        String identify = sim(device, "replay", "--frames", frames.toString(), "--mode", "identify", "--rate", "20/s");
        assertThat(identify).contains("-- summary (identify, 4 frames)", "requests: 4, decisions: 4, errors: 0",
                "outcomes: FALLBACK_REQUIRED=1 GRANTED=3", "reasons: face_match=3 no_match=1", "latency: p50 ", "throughput: ");
        assertThat(identify.lines().filter(l -> l.contains(" GRANTED face_match subject=" + obama))).hasSize(3);

        Files.delete(frames.resolve("kit_harington_2.jpg"));
        String verify = sim(device, "replay", "--frames", frames.toString(), "--mode", "verify", "--subject", "obama-ref",
                "--count", "5", "--workers", "2");
        assertThat(verify).contains("-- summary (verify, 3 frames)", "requests: 5, decisions: 5, errors: 0", "outcomes: GRANTED=5");

        assertThat(sim(device, "heartbeat", "--version", "sim 1", "--health", "DEGRADED")).contains("heartbeat: ");
        String member = gate.consentingMember("sim-ref", "alex_lacamoire_1.jpg");
        gate.credential(member, Map.of("kind", "PIN", "pin", "731946"), "id");
        assertThat(sim(device, "alternative", "--pin", "731946", "--subject", "sim-ref")).contains("PIN GRANTED credential_valid subject=" + member);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] wrong = device.clone();
        wrong[9] = "wrong-" + UUID.randomUUID();
        assertThat(DeviceSim.run(concat(wrong, "heartbeat"), new PrintStream(out, true, StandardCharsets.UTF_8))).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("error: unauthorized_client (401)");
    }

    private static String sim(String[] device, String... command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = DeviceSim.run(concat(device, command), new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed).isZero();
        return printed;
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
