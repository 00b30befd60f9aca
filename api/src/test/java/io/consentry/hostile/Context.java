package io.consentry.hostile;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The world the hostile requests are aimed at: a tenant with real records (ids by the names path parameters and
 * body fields use) and a token of every kind, fresh on every call (tokens live five minutes; the suite runs longer).
 */
record Context(String tenant, String otherTenant, Map<String, String> ids, Supplier<String> operator, Supplier<String> admin,
               Supplier<String> guard, Supplier<String> device, Supplier<String> otherAdmin, String portalSession,
               String otherPortalSession, String unsignedOperatorToken, Supplier<String> masterToken,
               Supplier<String> tamperedAdminToken) {
}
