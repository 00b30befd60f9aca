package io.consentry.controller;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.ArrayList;
import java.util.List;

/**
 * The data controller (PIPL art. 17: name and contact of the handler; Kantara receipt: piiController, contact, address,
 * email, phone, policyUrl, jurisdiction). Every field is required before a notice can name it; an admin may save a
 * partial profile while filling it in, but what is there must be well-formed.
 *
 * @param jurisdiction where the controller answers for the processing: an ISO 3166 country code, optionally with a
 *                     subdivision (CN, US-IL), or EU
 */
public record Controller(@Size(max = 200) String name,
                         @Size(max = 500) String address,
                         @Size(max = 320) @Email String email,
                         @Size(max = 64) @Pattern(regexp = "\\+?[0-9][0-9 ()./-]{3,62}", message = "must be a phone number") String phone,
                         @Size(max = 2000) @Pattern(regexp = "https?://[^\\s]+", message = "must be an http(s) address") String policyUrl,
                         @Pattern(regexp = "[A-Z]{2}(-[A-Z0-9]{1,3})?", message = "must be a country code such as CN, EU or US-IL") String jurisdiction) {

    /** The fields a notice needs, in the order a form shows them. */
    public static final List<String> REQUIRED = List.of("name", "address", "email", "phone", "policyUrl", "jurisdiction");

    /** The required fields that are empty. */
    @JsonIgnore
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        String[] values = {name, address, email, phone, policyUrl, jurisdiction};
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null || values[i].isBlank()) {
                missing.add(REQUIRED.get(i));
            }
        }
        return missing;
    }

    /** The language a notice of this controller is written in first: Chinese for mainland China, English elsewhere. */
    @JsonIgnore
    public String defaultLanguage() {
        return jurisdiction != null && jurisdiction.startsWith("CN") ? "zh" : "en";
    }

    Controller stripped() {
        return new Controller(strip(name), strip(address), strip(email), strip(phone), strip(policyUrl), strip(jurisdiction));
    }

    private static String strip(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
