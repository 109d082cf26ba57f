package io.strato.template.function;

import static io.strato.template.function.FunctionDefinition.fn;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Date functions, learn.microsoft.com .../template-functions-date. */
public final class DateFunctions {
    private static final Pattern DURATION = Pattern.compile(
            "(-)?P(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)W)?(?:(\\d+)D)?(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+(?:\\.\\d+)?)S)?)?");

    private DateFunctions() {}

    public static List<FunctionDefinition> definitions() {
        return List.of(
                fn("utcNow", 0, 1, c -> ArmValues.of(DotNetFormat.dateTime(c.context().now().atZone(ZoneOffset.UTC),
                        c.count() > 0 ? c.string(0) : "yyyyMMdd'T'HHmmss'Z'")), FunctionFlag.PARAMETER_DEFAULT_ONLY),
                fn("dateTimeAdd", 2, 3, DateFunctions::dateTimeAdd),
                fn("dateTimeToEpoch", 1, 1, c -> ArmValues.of(parse(c, c.string(0)).toEpochSecond())),
                fn("dateTimeFromEpoch", 1, 1, c -> ArmValues.of(DotNetFormat.dateTime(
                        Instant.ofEpochSecond(c.integer(0)).atZone(ZoneOffset.UTC), "yyyy-MM-dd'T'HH:mm:ss'Z'"))));
    }

    static JsonNode dateTimeAdd(Invocation c) {
        ZonedDateTime base = parse(c, c.string(0));
        Matcher m = DURATION.matcher(c.string(1));
        if (!m.matches() || c.string(1).equals("P") || c.string(1).endsWith("T")) {
            throw c.error("The template language function 'dateTimeAdd' received an invalid ISO 8601 duration '" + c.string(1) + "'.");
        }
        int sign = m.group(1) != null ? -1 : 1;
        // Azure does not use calendar arithmetic: P1Y is 365 days and P1M is 30 days (template-functions-date, Remarks)
        ZonedDateTime t = base
                .plusDays(sign * 365 * num(m.group(2)))
                .plusDays(sign * 30 * num(m.group(3)))
                .plusWeeks(sign * num(m.group(4)))
                .plusDays(sign * num(m.group(5)))
                .plusHours(sign * num(m.group(6)))
                .plusMinutes(sign * num(m.group(7)));
        if (m.group(8) != null) {
            t = t.plusNanos(sign * new java.math.BigDecimal(m.group(8)).movePointRight(9).longValue());
        }
        // Without a format Azure writes the result in the round-trip form 'yyyy-MM-ddTHH:mm:ssZ'
        String format = c.count() > 2 ? c.string(2) : "yyyy-MM-dd'T'HH:mm:ss'Z'";
        return ArmValues.of(DotNetFormat.dateTime(t, format));
    }

    private static long num(String s) { return s == null ? 0 : Long.parseLong(s); }

    static ZonedDateTime parse(Invocation c, String s) {
        String t = s.trim();
        try {
            return OffsetDateTime.parse(t.replace(' ', 'T')).atZoneSameInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(t.replace(' ', 'T')).atZone(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                try {
                    return java.time.LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC);
                } catch (DateTimeParseException e3) {
                    throw c.error("The template language function '" + c.name() + "' received an invalid date time '" + s + "'.");
                }
            }
        }
    }
}
