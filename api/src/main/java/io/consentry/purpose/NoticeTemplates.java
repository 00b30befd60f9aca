package io.consentry.purpose;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Notice templates in English and Chinese, per tenant kind (MALL, BANK, COMPOUND, OTHER) and purpose kind. They prefill
 * the console's notice form, and the default purposes of a new tenant are published from them. The wording names the
 * place and the non-face ways in that fit the kind of tenant; an admin adapts it before publishing their own.
 */
public final class NoticeTemplates {

    private NoticeTemplates() {
    }

    /** A template: the purpose it suggests (code, title, retention) and its notice content in both languages. */
    public record Template(String tenantKind, PurposeKind purposeKind, String code, String title, int retentionDays,
                           NoticeContent content) {
    }

    public static final List<String> TENANT_KINDS = List.of("MALL", "BANK", "COMPOUND", "OTHER");
    static final int DEFAULT_RETENTION_DAYS = 365;

    private record Place(String en, String zh, String altEn, String altZh) {
    }

    private static Place place(String tenantKind) {
        return switch (tenantKind) {
            case "MALL" -> new Place("the mall", "本商场", "your membership card, the QR code in the member app, or the service desk",
                    "会员卡、会员应用中的二维码或服务台人工核验");
            case "BANK" -> new Place("this branch", "本网点", "your identity document, checked by the teller",
                    "由柜员核验您的身份证件");
            case "COMPOUND" -> new Place("the compound gates", "小区门禁", "a PIN, a QR code, your access card or the guard",
                    "密码、二维码、门禁卡或保安人工核验");
            default -> new Place("this site", "本场所", "a PIN, a QR code, an access card or a member of staff",
                    "密码、二维码、门禁卡或工作人员人工核验");
        };
    }

    /** Every template for a tenant kind, one per purpose kind, in catalogue order. */
    public static List<Template> forTenantKind(String tenantKind) {
        return List.of(PurposeKind.values()).stream().map(k -> template(tenantKind, k)).toList();
    }

    public static Template template(String tenantKind, PurposeKind kind) {
        Place p = place(tenantKind);
        int days = DEFAULT_RETENTION_DAYS;
        return switch (kind) {
            case FACE_VERIFICATION -> {
                boolean bank = "BANK".equals(tenantKind);
                yield new Template(tenantKind, kind, bank ? "counter-verification" : "gate-verification",
                        bank ? "Face verification at the counter" : "Face verification at the gates", days, content(kind, List.of("Core Function"),
                        texts(bank ? "Face verification at the counter" : "Face verification at the gates",
                                "When you present yourself at " + p.en() + ", a camera takes your live face and compares it with the "
                                        + "template made from your enrolment selfie (1:1), to confirm that you are you.",
                                "Only an encrypted face template is kept, while your consent lasts and never beyond that period; the "
                                        + "live image is discarded after the comparison. Withdrawing deletes the template at once.",
                                necessityEn("a faster way in"), "You can always use " + p.altEn() + " instead; refusing changes nothing else."),
                        textsZh(bank ? "柜台人脸验证" : "门禁人脸验证",
                                "当您在" + p.zh() + "验证身份时，摄像头采集您的实时人脸，并与您登记自拍生成的特征模板进行一对一比对，以确认是您本人。",
                                "仅保存加密的人脸特征模板，保存至您的同意终止，且不超过该期限；实时图像在比对后立即删除。撤回同意后模板立即删除。",
                                necessityZh("更便捷的通行方式"), "您随时可以使用" + p.altZh() + "代替人脸；拒绝不影响您的任何其他服务。")));
            }
            case FACE_IDENTIFICATION -> new Template(tenantKind, kind, "member-identification", "Face identification among members", days,
                    content(kind, List.of("Core Function", "Personalized Experience"),
                            texts("Face identification among members",
                                    "Cameras at " + p.en() + " may recognise you among the members who agreed to this (1:N search), "
                                            + "without you presenting a card. People who did not agree are never searched for.",
                                    "Only an encrypted face template is kept, while your consent lasts and never beyond that period; "
                                            + "camera images are discarded after the search. Withdrawing removes you from the search and "
                                            + "deletes the template when no other purpose needs it.",
                                    necessityEn("being recognised without presenting a card")
                                            + " A search compares your face with many others, so only members who agreed are in it.",
                                    "You can always use " + p.altEn() + " instead; refusing changes nothing else."),
                            textsZh("会员人脸识别",
                                    p.zh() + "的摄像头可在同意本项的会员中识别您（一对多检索），无需出示卡片。未同意的人绝不会被检索。",
                                    "仅保存加密的人脸特征模板，保存至您的同意终止，且不超过该期限；摄像头图像在检索后立即删除。"
                                            + "撤回同意后您将退出检索，且在没有其他用途需要时模板立即删除。",
                                    necessityZh("无需出示卡片即可被识别") + "检索会将您的人脸与多人比对，因此仅包含已同意的会员。",
                                    "您随时可以使用" + p.altZh() + "代替人脸；拒绝不影响您的任何其他服务。")));
            case ATTRIBUTE_ANALYSIS -> new Template(tenantKind, kind, "attribute-analysis", "Age and expression estimate", days,
                    content(kind, List.of("Personalized Experience"),
                            texts("Age and expression estimate",
                                    "A kiosk at " + p.en() + " estimates your age, gender and expression from your face, only after "
                                            + "verifying that it is you, and shows the result to you only.",
                                    "Estimates are shown and discarded; nothing but the audit entry is kept. Your consent lasts at most "
                                            + "that period.",
                                    "Estimates about you can be wrong and may feel intrusive; they are made only for you, when you ask, "
                                            + "and never about people who did not agree.",
                                    "Every service is available without it; staff can help you instead."),
                            textsZh("年龄与表情估计",
                                    p.zh() + "的自助设备仅在核验是您本人后，根据您的人脸估计年龄、性别和表情，结果仅向您本人展示。",
                                    "估计结果展示后即删除，除审计记录外不保存任何内容。您的同意有效期不超过该期限。",
                                    "对您的估计可能不准确，也可能让您感到被打扰；仅在您本人要求时为您估计，绝不针对未同意的人。",
                                    "不使用本功能也可享受全部服务；工作人员可为您提供帮助。")));
            case IMAGE_RETENTION -> new Template(tenantKind, kind, "photo-retention", "Keep my enrolment photo", days,
                    content(kind, List.of("Core Function"),
                            texts("Keep my enrolment photo",
                                    "We keep your enrolment photo, encrypted, so that your face template can be rebuilt when the "
                                            + "recognition model changes, without asking you for a new selfie.",
                                    "The photo is kept, encrypted, while your consent lasts and never beyond that period; withdrawing "
                                            + "deletes it at once.",
                                    "A photo reveals more than a template; without it, a model change means taking a new selfie.",
                                    "Without this consent only the template is kept, and you are asked for a new selfie when the model "
                                            + "changes."),
                            textsZh("保留我的登记照片",
                                    "我们加密保存您的登记照片，以便在识别模型更换时重建您的人脸特征模板，而无需您重新自拍。",
                                    "照片加密保存至您的同意终止，且不超过该期限；撤回同意后立即删除。",
                                    "照片包含的信息多于特征模板；若不保留，模型更换时需要您重新自拍。",
                                    "不同意本项时仅保存特征模板，模型更换时会请您重新自拍。")));
        };
    }

    private static NoticeContent content(PurposeKind kind, List<String> purposeCategory, NoticeTexts en, NoticeTexts zh) {
        Map<String, NoticeTexts> texts = new LinkedHashMap<>();
        texts.put("en", en);
        texts.put("zh", zh);
        return new NoticeContent(NoticeMethod.of(kind), ProcessingLocation.PLATFORM, purposeCategory, List.of("Biometric"),
                NoticeRules.EXPLICIT, false, null, texts);
    }

    private static final String RIGHTS_EN = "You may see, copy, correct and delete your data, withdraw this consent at any time, and ask "
            + "us to explain how it is processed: use your personal link in the consent portal, or write to the controller at the "
            + "e-mail address above. We answer within the time the law sets.";
    private static final String RIGHTS_ZH = "您有权查阅、复制、更正、删除您的个人信息，随时撤回本同意，并要求我们解释处理规则：请使用同意门户中的个人链接，"
            + "或发送电子邮件至上述个人信息处理者邮箱。我们将在法定期限内答复。";

    private static String necessityEn(String benefit) {
        return "Your face is sensitive personal information: if it leaked it could not be changed like a password. We process it "
                + "only because you choose " + benefit + ", keep only what the purpose needs, encrypted, and use it for nothing else.";
    }

    private static String necessityZh(String benefit) {
        return "人脸信息属于敏感个人信息，一旦泄露无法像密码一样更改。我们仅因您选择" + benefit + "而处理，仅加密保存本用途所必需的信息，不作其他用途。";
    }

    private static NoticeTexts texts(String title, String purpose, String retention, String necessity, String alternatives) {
        return new NoticeTexts(title, null, purpose, retention, RIGHTS_EN, necessity, alternatives,
                "When you withdraw it in the consent portal (at any time), when it expires at the end of the retention "
                        + "period, or when your data is erased.");
    }

    private static NoticeTexts textsZh(String title, String purpose, String retention, String necessity, String alternatives) {
        return new NoticeTexts(title, null, purpose, retention, RIGHTS_ZH, necessity, alternatives,
                "您可随时在同意门户中撤回；同意在保存期限届满或您的数据被删除时终止。");
    }
}
