package io.consentry.staff;

import io.consentry.core.mail.MailMessage;
import io.consentry.tenants.realm.RealmRoles;

import java.time.Instant;
import java.util.List;

/** What the setup mail says, in English and Chinese. The link is a secret: the mail is never logged. */
final class StaffMails {

    private StaffMails() {
    }

    static MailMessage setup(String to, String name, String tenant, String role, String link, Instant expiresAt) {
        boolean secondFactor = RealmRoles.SECOND_FACTOR_ROLES.contains(role);
        String text = """
                Hello %s,

                you have been given the role "%s" in the Consentry console of %s.

                Choose your password here (the link works once, until %s):
                %s

                %s
                If you did not expect this, ignore this mail: nothing happens unless the link is used.

                %s，您好：

                您已获得 %s 在 Consentry 控制台中的角色"%s"。
                请通过上面的链接设置密码（仅可使用一次，有效期至 %s）。
                %s
                如非本人操作，请忽略此邮件。
                """.formatted(name, roleName(role), tenant, expiresAt, link,
                secondFactor ? "At your first sign-in you will also set up an authenticator app (a one-time code at every sign-in).\n" : "",
                name, tenant, roleNameZh(role), expiresAt,
                secondFactor ? "首次登录时，您还需要设置身份验证器应用（每次登录需输入一次性验证码）。\n" : "");
        return new MailMessage(to, "Set up your Consentry account: " + tenant + " / 设置您的 Consentry 账户", text, List.of());
    }

    private static String roleName(String role) {
        return switch (role) {
            case RealmRoles.TENANT_ADMIN -> "administrator";
            case RealmRoles.AUDITOR -> "auditor";
            default -> "guard";
        };
    }

    private static String roleNameZh(String role) {
        return switch (role) {
            case RealmRoles.TENANT_ADMIN -> "管理员";
            case RealmRoles.AUDITOR -> "审计员";
            default -> "保安";
        };
    }
}
