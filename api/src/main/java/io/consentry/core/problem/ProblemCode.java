package io.consentry.core.problem;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every {@code code} a problem document can carry: the stable, machine-readable reason clients switch on. Each code has
 * its HTTP status (a few have a second one, listed, e.g. an unknown id in a path is 404 and the same id named in a body
 * is 400), a short title and a sentence saying when it happens. The OpenAPI document and docs/ERRORS.md list them
 * all; a test keeps the three in step.
 */
public enum ProblemCode {

    // ---- request shape
    BAD_REQUEST(400, "Bad request", "The request could not be processed (a header or parameter is unusable)."),
    MALFORMED_JSON(400, "Malformed JSON", "The body is not valid JSON."),
    INVALID_VALUE(400, "Invalid value", "A field has the wrong type or a value outside its allowed set."),
    UNKNOWN_FIELD(400, "Unknown field", "The body has a field the operation does not know."),
    VALIDATION_FAILED(400, "Validation failed", "One or more fields break their constraints; errors[] names each."),
    INVALID_PARAMETER(400, "Invalid parameter", "A query parameter is out of range or badly formatted."),
    INVALID_TIME(400, "Invalid time", "A time filter is not an ISO-8601 instant."),
    INVALID_TIME_ZONE(400, "Invalid time zone", "tz is not an IANA time zone."),
    BODY_REQUIRED(400, "Body required", "The operation needs a JSON body."),
    NOT_FOUND(404, "Not found", "There is nothing at this address."),
    METHOD_NOT_ALLOWED(405, "Method not allowed", "The address does not accept that HTTP method; at a device, the site's "
            + "policy does not allow the method (409).", 409),
    NOT_ACCEPTABLE(406, "Not acceptable", "The address cannot answer in the requested media type."),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type", "The body's media type is not the one the address expects."),
    REQUEST_TOO_LARGE(413, "Request too large", "The body is larger than this address accepts (with or without Content-Length)."),
    URI_TOO_LONG(414, "URI too long", "The request line (path and query) is longer than the platform accepts."),
    HEADERS_TOO_LARGE(431, "Headers too large", "The request headers together are larger than the platform accepts."),
    INVALID_CHARACTER(400, "Invalid character", "The path, query or body holds a character the platform never accepts (NUL)."),
    REQUEST_TIMEOUT(408, "Request timeout", "The body did not arrive in time (408), or the answer could not be given in time (503).", 503),
    CONCURRENT_UPDATE(409, "Concurrent update", "Another request changed or created the same thing at the same moment; reload and retry."),
    RATE_LIMITED(429, "Too many requests", "More requests than the limit allows (a device, or sign-ins from one address); retry later."),
    INTERNAL_ERROR(500, "Internal error", "Something failed on the platform's side; the detail carries an incident id."),
    DATABASE_UNAVAILABLE(503, "Database unavailable", "The database cannot be reached right now; nothing was changed, the request can be retried."),

    // ---- authentication and tenancy
    UNAUTHORIZED(401, "Unauthorized", "No valid bearer token from the platform realm or the tenant's realm."),
    UNKNOWN_ISSUER(401, "Unauthorized", "The token was issued by a realm that is neither the platform nor one of its tenants."),
    CLIENT_NOT_ALLOWED(401, "Client not allowed", "The token was issued to a client that is not one of the platform's (console, command line, a device)."),
    FORBIDDEN(403, "Forbidden", "The token lacks a role the operation needs."),
    PLATFORM_ONLY(403, "Platform route", "Only platform operators may use platform routes."),
    TENANT_TOKEN_REQUIRED(403, "Tenant route", "Tenant routes need a token of that tenant's realm, not a platform token."),
    TENANT_MISMATCH(403, "Wrong tenant", "The token belongs to another tenant than the one in the path."),
    TENANT_SUSPENDED(403, "Tenant suspended", "The tenant is suspended; its users, devices and portal are refused."),
    TENANT_NOT_FOUND(404, "Tenant not found", "There is no tenant with this slug."),
    TENANT_EXISTS(409, "Tenant already exists", "A tenant with this slug exists."),
    INVALID_SLUG(400, "Invalid tenant slug", "The slug is not a DNS label of at most 40 characters."),
    INVALID_TENANT_STATUS(409, "Invalid tenant status", "The tenant is not in the state the operation needs (e.g. resume an active tenant)."),
    CONFIRMATION_REQUIRED(400, "Confirmation required", "Deleting a tenant needs ?confirm=<slug>."),
    PROVISIONING_CONFLICT(409, "Provisioning conflict", "A realm, schema or bucket of that name exists outside the registry; nothing was kept."),
    PROVISIONING_FAILED(503, "Provisioning failed", "A backing service failed during provisioning; every step done was undone."),
    IDENTITY_PROVIDER_UNAVAILABLE(503, "Identity provider unavailable", "Keycloak did not answer; try again."),
    IDENTITY_PROVIDER_FAILED(502, "Identity provider failed", "Keycloak refused an administrative request."),
    AUDIT_CHAIN_BROKEN(409, "Audit chain broken", "The audit log does not verify since its last checkpoint; no checkpoint was made."),
    OBJECT_STORE_UNAVAILABLE(503, "Storage unavailable", "The object store cannot be reached; the request can be retried."),

    // ---- console sign-in
    CONSOLE_LOGIN_FAILED(400, "Sign-in failed", "The sign-in with Keycloak did not complete."),
    CONSOLE_LOGIN_STATE(400, "Sign-in expired", "The sign-in state is unknown or expired; start again."),
    CONSOLE_SIGNED_OUT(401, "Not signed in", "The console session ended; sign in again."),
    UNKNOWN_TENANT(404, "Unknown tenant", "The console was opened for a tenant that does not exist."),
    TENANT_NOT_ACTIVE(403, "Tenant not active", "The console was opened for a tenant that is not active."),

    // ---- consent portal
    PORTAL_TOKEN_REQUIRED(401, "Portal token required", "Portal routes need the subject's own token (Authorization: Portal <token>)."),
    PORTAL_TOKEN_INVALID(401, "Invalid portal token", "The portal token is not valid for this tenant."),
    PORTAL_TOKEN_REVOKED(401, "Link revoked", "The portal link was revoked."),
    PORTAL_TOKEN_EXPIRED(401, "Link expired", "The portal link has expired."),
    INVITATION_REQUIRED(400, "Invitation required", "Redeeming needs {\"invitation\": \"<token>\"}."),
    INVITATION_INVALID(401, "Invalid invitation", "The invitation is not valid for this tenant."),
    INVITATION_REVOKED(401, "Invitation revoked", "The invitation was revoked."),
    INVITATION_USED(401, "Invitation already used", "The invitation was redeemed before."),
    INVITATION_EXPIRED(401, "Invitation expired", "The invitation has expired."),
    BUNDLED_CONSENT(400, "Bundled consent", "A decision named several purposes or 'all'; consent is given one purpose at a time."),
    PURPOSE_REQUIRED(400, "Purpose required", "The request must name a purpose (a decision, or a consent-state filter)."),
    DECISION_REQUIRED(400, "Decision required", "decision must be GRANT or REFUSE; nothing is pre-set."),
    NOTICE_OUTDATED(409, "Notice outdated", "The decision answered another notice version than the current one."),
    CONSENT_ACTIVE(409, "Consent active", "A granted purpose cannot be refused; withdraw it instead."),
    CONSENT_NOT_ACTIVE(409, "Consent not active", "There is no active consent to withdraw."),
    CONSENT_REQUIRED(403, "Consent required", "The subject has no active consent for this processing; it was refused and audited."),
    CONTACT_REQUIRED(409, "Contact required", "The subject has no contact address; invitations, contact codes and notices go to it."),
    CONTACT_CODE_INVALID(401, "Wrong contact code", "The code mailed to the subject's contact is wrong or expired; the detail says what is left to try."),
    CONTACT_CODE_LIMIT(429, "Too many contact codes", "This letter has sent all the codes it may; ask for a new invitation."),
    FRESH_INVITATION_REQUIRED(403, "Fresh invitation required", "A first face, or a face that replaces the enrolled one, needs a "
            + "session opened from an invitation (mailed link, or letter with the contact code), not the personal link."),
    FACE_NOT_VERIFIED(403, "Face not verified", "The live face does not match the subject's enrolled face; nothing was stored, estimated or shown."),
    NOT_ENROLLED(409, "Not enrolled", "The subject has no face template of the configured model pack to compare a live face with."),
    TEMPLATE_LIMIT_REACHED(409, "Template limit reached", "The subject holds as many face templates as allowed; replace one explicitly."),
    TEMPLATE_NOT_FOUND(404, "Template not found", "The subject has no template with this id."),
    SELF_CONSENT_REQUIRED(403, "Your own consent required", "The engine view analyses only the signed-in admin's own face: they must "
            + "be a subject of this tenant (same verified e-mail) with an active face verification consent and an enrolled face."),
    ATTRIBUTES_UNAVAILABLE(409, "Attribute analysis unavailable", "The configured model pack has no attribute models."),

    // ---- purposes, subjects, receipts, exports
    UNKNOWN_PURPOSE(400, "Unknown purpose", "No live purpose has this code."),
    PURPOSE_NOT_FOUND(404, "Purpose not found", "No purpose has this code."),
    PURPOSE_EXISTS(409, "Purpose exists", "A purpose with this code exists."),
    SUBJECT_NOT_FOUND(404, "Subject not found", "No subject of this tenant has this id; 400 when the id is named in a body.", 400),
    SUBJECT_EXISTS(409, "Subject exists", "A subject with this external reference exists."),
    SUBJECT_ERASED(409, "Subject erased", "The subject was erased; nothing more can be done for them."),
    INVALID_STATE(400, "Invalid state", "A consent-state filter other than NONE, GRANTED, REFUSED, WITHDRAWN, EXPIRED or NEEDS_RECONSENT."),
    RECEIPT_NOT_FOUND(404, "Receipt not found", "The subject has no receipt with this id."),
    EXPORT_NOT_FOUND(404, "Export not found", "No export with this id for this subject."),
    EXPORT_EXPIRED(410, "Export no longer available", "The export package was deleted after its retention period."),

    // ---- sites, devices, policies, credentials
    SITE_NOT_FOUND(404, "Site not found", "No site of this tenant has this id; 400 when the id is named in a body.", 400),
    SITE_EXISTS(409, "Site exists", "A site with this name exists."),
    SITE_IN_USE(409, "Site in use", "The site still has devices; revoke them first."),
    DEVICE_NOT_FOUND(404, "Device not found", "No device of this tenant has this id."),
    DEVICE_TOKEN_REQUIRED(403, "Device token required", "Device routes need a device's client-credentials token."),
    DEVICE_UNKNOWN(403, "Unknown device", "The token's client is not a registered device of this tenant."),
    DEVICE_REVOKED(403, "Device revoked", "The device was revoked (409 when an admin acts on a revoked device).", 409),
    DEVICE_CLIENT_MISSING(409, "Device client missing", "The device's Keycloak client no longer exists."),
    POLICY_INVALID(400, "Invalid policy", "The site policy breaks a rule (e.g. face is the only way in); errors[] names each."),
    CLAIM_NOT_ALLOWED(400, "Claim not allowed", "The site's policy does not accept this kind of identity claim for face verification."),
    MISSING_CREDENTIAL(400, "Missing credential", "The alternative method needs a field the request lacks (pin, qr or cardId)."),
    INVALID_CREDENTIAL_REQUEST(400, "Invalid credential request", "The credential to issue is not consistent (kind and fields)."),
    CREDENTIAL_NOT_FOUND(404, "Credential not found", "No credential of this tenant has this id."),
    CARD_IN_USE(409, "Card in use", "Another active credential has this card id."),

    // ---- images and the face engine
    IMAGE_REQUIRED(400, "Image required", "The request has no image."),
    INVALID_IMAGE_ENCODING(400, "Invalid image encoding", "image is not base64."),
    IMAGE_TOO_LARGE(413, "Image too large", "The image is too large (bytes, width, height or pixels)."),
    UNSUPPORTED_IMAGE(415, "Unsupported image", "Not a supported image (JPEG, PNG, BMP or WebP; 8-bit; not animated)."),
    CORRUPT_IMAGE(400, "Corrupt image", "The image is damaged or truncated."),
    IMAGE_TOO_SMALL(422, "Image too small", "The image is too small to find a face in."),
    NO_FACE_FOUND(422, "No face found", "No face was found."),
    MULTIPLE_FACES(422, "Several faces", "More than one face and none clearly the subject's."),
    FACE_TOO_SMALL(422, "Face too small", "The face is too small in the picture."),
    LOW_QUALITY(422, "Low quality", "The face is blurred, badly lit, turned or cut by the frame; the detail names why."),
    SPOOF_SUSPECTED(422, "Liveness check failed", "The picture looks like a photo of a photo or of a screen."),
    UNPROCESSABLE_IMAGE(422, "Image could not be processed", "The engine could not analyse the image."),
    ENGINE_BUSY(503, "Engine busy", "The face engine is analysing as many images as its memory budget allows; retry in a moment."),

    // ---- notices: structured notices, the controller profile, receipts (issue 17, items 3 and 8)
    CONTROLLER_INCOMPLETE(409, "Controller profile incomplete", "A notice names the data controller: fill in the controller "
            + "profile's required fields (errors[] names each) before publishing one."),

    // ---- assessments: impact assessments, site categories, filing threshold (issue 17, items 2, 4 and 6)
    IMPACT_ASSESSMENT_REQUIRED(409, "Impact assessment required", "A face purpose, or a face method of a site policy, is used only once an approved impact assessment is recorded for its purpose (400 when a new face purpose comes without one).", 400),
    ASSESSMENT_INVALID(400, "Invalid impact assessment", "The assessment's dates are inconsistent: approval in the future, or next review not after approval."),
    ASSESSMENT_NOT_FOUND(404, "Assessment not found", "No impact assessment of this tenant has this id."),
    PRIVATE_SPACE_NO_FACE(409, "No face processing in a private space", "The site is a private space (room, toilet, changing area…): its policy cannot use a face method, and a site using one cannot become a private space."),

    // ---- minors and subject requests (issue 17, items 1 and 7)
    GUARDIAN_REQUIRED(403, "Guardian required", "The subject is below the age of consent: only a linked guardian decides for them."),
    GUARDIAN_NOT_ENTITLED(403, "Guardian not entitled", "The subject has reached the age of consent and decides for themselves."),
    WARD_NOT_FOUND(404, "Ward not found", "The portal user is not the guardian of this subject."),
    GUARDIAN_NOT_FOUND(404, "Guardian not found", "No guardian link or guardian subject of this tenant has this id; 400 when named in a body.", 400),
    GUARDIAN_INVALID(400, "Guardian invalid", "The guardian is the subject themselves, is a minor, or is erased."),
    NOT_A_MINOR(409, "Not a minor", "A guardian is linked only to a subject below the age of consent."),
    GUARDIAN_LINK_EXISTS(409, "Guardian already linked", "This guardian is already linked to this subject."),
    AGE_CONFLICT(400, "Birth date or age band", "Give a birth date or an age band, not both."),
    REQUEST_NOT_FOUND(404, "Request not found", "No subject request of this tenant (or of this portal user) has this id."),
    REQUEST_DETAILS_REQUIRED(400, "Details required", "A correction request says what is wrong."),
    REQUEST_CLOSED(409, "Request closed", "The request was already answered or rejected."),

    // ---- issue 17, signage part: public site pages and signs, refusers' own credentials
    PUBLIC_PAGE_NOT_FOUND(404, "No public page", "No site with face processing has this address (unknown tenant or site, or the site uses no face method)."),
    CREDENTIAL_KIND_NOT_ACCEPTED(409, "Credential kind not accepted", "No site of this tenant accepts this kind of credential, so it cannot be issued to you."),
    CREDENTIAL_NOT_SELF_ISSUABLE(400, "Credential not self-issuable", "This kind of credential is handed out by the controller, not issued in the portal."),
    // ---- issue 19: tenant schema migrations as a job
    TENANT_SCHEMA_OUTDATED(503, "Tenant being upgraded", "The tenant's data is at an older schema version than this api needs; it is refused until the migration job has upgraded it."),

    // ---- issue 18, access part: groups, memberships, site rights
    GROUP_NOT_FOUND(404, "Group not found", "No group of this tenant has this id."),
    GROUP_EXISTS(409, "Group exists", "A group with this name exists (names are compared ignoring case)."),
    GROUP_IN_USE(409, "Group in use", "A site allows this group; remove it from that site's rights before deleting the group."),
    MEMBERSHIP_INVALID(400, "Invalid membership", "The membership's period is inconsistent: validFrom must come before validUntil."),
    MEMBERSHIP_NOT_FOUND(404, "Membership not found", "The subject is not a member of this group."),
    RIGHTS_INVALID(400, "Invalid site rights", "The site's rights break a rule (unknown or repeated group, a range that ends before it starts or crosses midnight, overlapping ranges, an exception both closed and with hours); errors[] names each."),
    // ---- issue 18, webhooks part ----
    WEBHOOK_URL_REFUSED(400, "Webhook URL refused", "The receiver URL is not https (or http to loopback where allowed), carries credentials, or points to a link-local, metadata or loopback address; errors[] says why."),
    WEBHOOK_EVENT_TYPE_UNKNOWN(400, "Unknown event type", "An event type is not one of the platform's CloudEvent types; errors[] names it."),
    WEBHOOK_NOT_FOUND(404, "Webhook subscription not found", "No webhook subscription of this tenant has this id."),
    WEBHOOK_DELIVERY_NOT_FOUND(404, "Webhook delivery not found", "No webhook delivery of this tenant has this id."),
    WEBHOOK_DELIVERY_NOT_DEAD(409, "Delivery not dead-lettered", "Only a dead-lettered delivery can be redelivered; this one is pending or was delivered."),
    WEBHOOK_SUBSCRIPTION_DISABLED(409, "Subscription disabled", "The delivery's subscription is disabled; enable it before redelivering."),

    // ---- issue 18, devicekit part: usage metering
    USAGE_RANGE_TOO_LONG(400, "Usage range too long", "A usage query covers at most 366 days; ask for a shorter range."),
    // issue 18, onboarding: tenant admins and staff
    ACCOUNT_DISABLED(401, "Account disabled", "The staff account was disabled, or this token was issued before it was; sign in again once an admin re-enabled it."),
    STAFF_NOT_FOUND(404, "Staff member not found", "No staff member of this tenant has this id."),
    STAFF_EXISTS(409, "Staff member exists", "An account with this e-mail address already exists in the tenant."),
    CANNOT_DISABLE_SELF(409, "Cannot disable yourself", "An admin cannot disable their own account; another admin can."),
    STAFF_DISABLED(409, "Staff member disabled", "The account is disabled; re-enable it before sending a setup link."),
    SETUP_LINK_INVALID(410, "Setup link not valid", "The setup link is unknown, was already used, was replaced by a newer one, or expired; ask for a new one."),
    PASSWORD_REJECTED(400, "Password not accepted", "The password is too short, too long, or refused by the sign-in service's password rules."),

    // ---- issue 19: cells
    UNKNOWN_CELL(400, "Unknown cell", "The request names a cell this platform is not configured for."),
    CELL_NOT_CONFIGURED(503, "Tenant's cell not configured", "The tenant lives on a cell this api has no configuration for; an operator must configure the cell again."),

    // ---- issue 19, cells: moving a tenant to another cell
    TENANT_MOVING(503, "Tenant moving", "The tenant is being moved to another cell; its users and devices are refused until the move ends (see Retry-After)."),
    MOVE_TO_OWN_CELL(409, "Already on that cell", "The tenant already lives on the cell the move names."),
    MOVE_RUNNING(409, "Move under way", "A move of the tenant is already under way; wait for it to finish."),
    MOVE_NOT_FOUND(404, "Move not found", "The tenant has no move with this id."),
    MOVE_NOTHING_LEFT(409, "Nothing to clean up", "Only a move that left something on the old cell (DONE_WITH_LEFTOVERS) can be cleaned up again.");

    private final int status;
    private final String title;
    private final String description;
    private final Set<Integer> otherStatuses;

    ProblemCode(int status, String title, String description, Integer... otherStatuses) {
        this.status = status;
        this.title = title;
        this.description = description;
        this.otherStatuses = Set.of(otherStatuses);
    }

    /** The value clients see in {@code code}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** When it happens: one sentence for the catalogue. */
    public String description() {
        return description;
    }

    /** Every status this code is sent with (the usual one first in {@link #status()}). */
    public Set<Integer> statuses() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(status), otherStatuses.stream())
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    public boolean allows(int otherStatus) {
        return status == otherStatus || otherStatuses.contains(otherStatus);
    }

    /** The code for a face-engine error code string (e.g. {@code no_face_found}), or UNPROCESSABLE_IMAGE. */
    public static ProblemCode ofEngine(String engineCode) {
        return Arrays.stream(values()).filter(c -> c.code().equals(engineCode)).findFirst().orElse(UNPROCESSABLE_IMAGE);
    }
}
