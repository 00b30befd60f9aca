package io.consentry.purpose;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import org.eclipse.microprofile.config.ConfigProvider;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A retention period (in days) the platform allows: at most {@code consentry.retention.max-days} (default 1095, three
 * years). Data minimisation (PIPL art. 19, CAC 2025 measures) and BIPA's three-year ceiling hold for every tenant, so a
 * purpose cannot promise to keep face data longer. A request breaking it gets 400 {@code validation_failed} with the
 * field named, like any other constraint. Put it on every request field that sets a purpose's retention.
 */
@Documented
@Constraint(validatedBy = WithinRetentionCap.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface WithinRetentionCap {

    String message() default "must be at most {max} days: the platform keeps face data no longer (consentry.retention.max-days)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The configured cap, read once per validator. */
    final class Check implements ConstraintValidator<WithinRetentionCap, Integer> {

        private int max = RetentionCap.DEFAULT_MAX_DAYS;

        @Override
        public void initialize(WithinRetentionCap annotation) {
            max = RetentionCap.maxDays();
        }

        @Override
        public boolean isValid(Integer days, ConstraintValidatorContext context) {
            if (days == null || days <= max) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate("must be at most " + max
                    + " days: the platform keeps face data no longer (consentry.retention.max-days)").addConstraintViolation();
            return false;
        }
    }

    /** The platform's cap on any purpose's retention, as configured. */
    final class RetentionCap {

        static final int DEFAULT_MAX_DAYS = 1095;

        private RetentionCap() {
        }

        public static int maxDays() {
            return ConfigProvider.getConfig().getOptionalValue("consentry.retention.max-days", Integer.class).orElse(DEFAULT_MAX_DAYS);
        }
    }
}
