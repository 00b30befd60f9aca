package io.consentry.purpose;

import io.consentry.controller.Controller;

import java.util.LinkedHashMap;
import java.util.Map;

/** The human-readable text of a structured notice, per language: what the portal shows and the stored text column. */
final class NoticeRendering {

    private NoticeRendering() {
    }

    private record Words(String controller, String policy, String method, String where, String retention, String days,
                         String rights, String necessity, String alternatives, String thirdParties, String none,
                         String termination, Map<NoticeMethod, String> methods, Map<ProcessingLocation, String> locations) {
    }

    private static final Words EN = new Words("Controller", "Privacy policy", "Method", "Where processing happens", "Retention",
            "%d days", "Your rights and how to exercise them", "Necessity and impact on you", "Ways in without your face",
            "Disclosure to third parties", "none", "When the consent ends",
            Map.of(NoticeMethod.ONE_TO_ONE, "1:1 face verification", NoticeMethod.ONE_TO_N, "1:N face identification",
                    NoticeMethod.ATTRIBUTE_ANALYSIS, "attribute analysis (age, gender, expression)",
                    NoticeMethod.PHOTO_RETENTION, "keeping the enrolment photo"),
            Map.of(ProcessingLocation.DEVICE, "on the device at the site", ProcessingLocation.PLATFORM, "on the platform's servers"));

    private static final Words ZH = new Words("个人信息处理者", "隐私政策", "处理方式", "处理地点", "保存期限", "%d天",
            "您的权利及行使方式", "必要性及对您的影响", "不使用人脸的替代方式", "向第三方提供", "无", "同意的终止",
            Map.of(NoticeMethod.ONE_TO_ONE, "一对一人脸验证", NoticeMethod.ONE_TO_N, "一对多人脸识别",
                    NoticeMethod.ATTRIBUTE_ANALYSIS, "属性分析（年龄、性别、表情）", NoticeMethod.PHOTO_RETENTION, "保留登记照片"),
            Map.of(ProcessingLocation.DEVICE, "在现场设备上", ProcessingLocation.PLATFORM, "在平台服务器上"));

    /** One text per language the notice is written in. */
    static Map<String, String> all(StructuredNotice n) {
        Map<String, String> out = new LinkedHashMap<>();
        n.texts().keySet().stream().sorted().forEach(lang -> out.put(lang, render(n, lang)));
        return out;
    }

    static String render(StructuredNotice n, String lang) {
        Words w = "zh".equals(lang) ? ZH : EN;
        NoticeTexts t = n.textsIn(lang);
        Controller c = n.controller();
        StringBuilder s = new StringBuilder();
        if (t.summary() != null && !t.summary().isBlank()) {
            s.append(t.summary().strip()).append("\n\n");
        }
        s.append(t.purpose().strip()).append("\n\n");
        line(s, w.controller(), c.name() + ", " + c.address() + " · " + c.email() + " · " + c.phone() + " (" + c.jurisdiction() + ")");
        line(s, w.policy(), c.policyUrl());
        line(s, w.method(), w.methods().get(n.method()));
        line(s, w.where(), w.locations().get(n.processingLocation()));
        line(s, w.retention(), String.format(w.days(), n.retentionDays()) + ". " + t.retention().strip());
        line(s, w.rights(), t.rights().strip());
        line(s, w.necessity(), t.necessityAndImpact().strip());
        line(s, w.alternatives(), t.alternatives().strip());
        line(s, w.thirdParties(), n.thirdPartyDisclosure() ? n.thirdPartyName() : w.none());
        line(s, w.termination(), t.termination().strip());
        return s.toString().strip();
    }

    private static void line(StringBuilder s, String heading, String value) {
        s.append(heading).append(": ").append(value).append('\n');
    }
}
