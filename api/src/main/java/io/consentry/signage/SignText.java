package io.consentry.signage;

import io.consentry.policy.AccessMethod;

import java.util.List;
import java.util.stream.Collectors;

/** The sentences of public pages and signs, in English and Chinese. Plain text: the renderers escape or lay it out. */
final class SignText {

    private final Lang lang;

    SignText(Lang lang) {
        this.lang = lang;
    }

    private String t(String en, String zh) {
        return lang == Lang.ZH ? zh : en;
    }

    String heading() {
        return t("Face recognition in use", "此处使用人脸识别");
    }

    String pageTitle(String site) {
        return t("Face recognition at " + site, site + "：人脸识别告知");
    }

    String method(AccessMethod m) {
        return switch (m) {
            case FACE_1_1 -> t("Face verification (1:1): when you present yourself, your face is compared with the template of your own enrolled photo.",
                    "人脸验证（1:1）：您出示身份时，将您的人脸与您本人登记照片的模板进行比对。");
            case FACE_1_N -> t("Face identification (1:N): cameras may recognise you among the people who agreed to it, without a card.",
                    "人脸识别（1:N）：摄像头可能在已同意的人员中识别您，无需出示卡片。");
            default -> alternative(m);
        };
    }

    String methodShort(AccessMethod m) {
        return switch (m) {
            case FACE_1_1 -> t("face verification (1:1)", "人脸验证（1:1）");
            case FACE_1_N -> t("face identification (1:N)", "人脸识别（1:N）");
            default -> alternative(m);
        };
    }

    String alternative(AccessMethod m) {
        return switch (m) {
            case PIN -> t("PIN code", "PIN 码");
            case QR -> t("QR code (one-time or time-based)", "二维码（一次性或动态）");
            case CARD -> t("access card", "门禁卡");
            case GUARD -> t("manual check by the guard", "保安人工核验");
            default -> methodShort(m);
        };
    }

    String alternatives(List<AccessMethod> methods) {
        return methods.stream().map(this::alternative).collect(Collectors.joining(t(", ", "、")));
    }

    String onlyConsenting() {
        return t("Only the faces of people who consented are processed. Refusing costs nothing: every other way in stays open.",
                "仅处理已同意者的人脸。拒绝无任何不利：其他通行方式始终可用。");
    }

    String otherWays(List<AccessMethod> methods) {
        return t("Other ways in: ", "其他通行方式：") + alternatives(methods);
    }

    String purpose(String title) {
        return t("Purpose: " + title, "处理目的：" + title);
    }

    String notInOperation() {
        return t("No purpose is set for this method yet, so no face is processed by it.", "此方式尚未设定处理目的，因此不会处理任何人脸。");
    }

    String noticeHeading(int version) {
        return t("Notice (version " + version + ")", "告知文本（第 " + version + " 版）");
    }

    String retention(Integer purposeDays, int inactiveDays, int maxDays) {
        String kept = purposeDays == null ? "" : t("Face data is kept at most " + purposeDays + " days under a consent, ",
                "人脸数据在同意有效期内最长保存 " + purposeDays + " 天，");
        return kept + t("deleted at once when you withdraw, and deleted after " + inactiveDays + " days without use "
                        + "(no enrolment and no face entry). No purpose may keep it longer than " + maxDays + " days.",
                "撤回同意时立即删除，连续 " + inactiveDays + " 天未使用（未登记、未刷脸通行）即删除。任何目的的保存期限均不得超过 " + maxDays + " 天。");
    }

    String retentionShort(Integer purposeDays, int inactiveDays) {
        return purposeDays == null
                ? t("Deleted after " + inactiveDays + " days without use, and when you withdraw.", "撤回即删除；" + inactiveDays + " 天未使用即删除。")
                : t("Kept at most " + purposeDays + " days; deleted when you withdraw or after " + inactiveDays + " days without use.",
                "最长保存 " + purposeDays + " 天；撤回或 " + inactiveDays + " 天未使用即删除。");
    }

    String withdraw(String controller) {
        return t("You can withdraw or change your consent at any time in the consent portal: open the personal link from "
                        + "your consent e-mail, or ask " + controller + " for a new invitation.",
                "您可随时在同意门户中撤回或更改同意：打开同意邮件中的个人链接，或向" + controller + "申请新的邀请。");
    }

    String withdrawShort() {
        return t("Withdraw at any time in the consent portal.", "可随时在同意门户中撤回同意。");
    }

    String controller(String name) {
        return t("Controller: " + name, "个人信息处理者：" + name);
    }

    String scan() {
        return t("Scan for the full notice:", "扫码查看完整告知：");
    }

    String sectionProcessing() {
        return t("What happens here", "此处的处理");
    }

    String sectionAlternatives() {
        return t("Other ways in", "其他通行方式");
    }

    String sectionController() {
        return t("Who is responsible", "个人信息处理者");
    }

    String sectionWithdraw() {
        return t("How to withdraw", "如何撤回同意");
    }

    String sectionRetention() {
        return t("How long face data is kept", "人脸数据保存期限");
    }

    String portalLink() {
        return t("Consent portal", "同意门户");
    }

    String otherLanguage() {
        return t("中文", "English");
    }

    String printSign() {
        return t("Printable sign", "可打印标识");
    }

    String email() {
        return t("E-mail", "电子邮件");
    }

    String phone() {
        return t("Phone", "电话");
    }

    String address() {
        return t("Address", "地址");
    }
}
