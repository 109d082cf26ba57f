package io.strato.template.function;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;

/**
 * .NET composite formatting ({@code String.Format} with the invariant culture) as ARM's format() uses it:
 * {@code {index[,alignment][:format]}}, {@code {{}} / {@code }}}, standard numeric formats (N, D, X, F, E, G, P, C)
 * and simple custom numeric formats ({@code 0}, {@code #}, {@code ,}, {@code .}); plus .NET date formats for
 * utcNow/dateTimeAdd.
 */
public final class DotNetFormat {
    private DotNetFormat() {}

    public static String composite(String format, List<JsonNode> args) {
        StringBuilder out = new StringBuilder();
        int i = 0, n = format.length();
        while (i < n) {
            char c = format.charAt(i);
            if (c == '{') {
                if (i + 1 < n && format.charAt(i + 1) == '{') {
                    out.append('{');
                    i += 2;
                    continue;
                }
                int close = format.indexOf('}', i);
                if (close < 0) throw new IllegalArgumentException("Input string was not in a correct format.");
                String item = format.substring(i + 1, close);
                i = close + 1;
                String spec = null;
                int colon = item.indexOf(':');
                if (colon >= 0) {
                    spec = item.substring(colon + 1);
                    item = item.substring(0, colon);
                }
                int alignment = 0;
                int comma = item.indexOf(',');
                if (comma >= 0) {
                    alignment = Integer.parseInt(item.substring(comma + 1).trim());
                    item = item.substring(0, comma);
                }
                int index;
                try {
                    index = Integer.parseInt(item.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Input string was not in a correct format.");
                }
                if (index < 0 || index >= args.size()) {
                    throw new IllegalArgumentException("Index (zero based) must be greater than or equal to zero and less than the size of the argument list.");
                }
                String text = formatValue(args.get(index), spec);
                if (alignment > 0 && text.length() < alignment) text = " ".repeat(alignment - text.length()) + text;
                if (alignment < 0 && text.length() < -alignment) text = text + " ".repeat(-alignment - text.length());
                out.append(text);
            } else if (c == '}') {
                if (i + 1 < n && format.charAt(i + 1) == '}') {
                    out.append('}');
                    i += 2;
                    continue;
                }
                throw new IllegalArgumentException("Input string was not in a correct format.");
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    static String formatValue(JsonNode v, String spec) {
        if (spec == null || spec.isEmpty() || !v.isNumber()) return ArmValues.text(v);
        return number(v.isIntegralNumber() ? new BigDecimal(v.bigIntegerValue()) : v.decimalValue(), v.isIntegralNumber(), spec);
    }

    /** A .NET numeric format string applied to a number. */
    public static String number(BigDecimal value, boolean integral, String spec) {
        char kind = Character.toUpperCase(spec.charAt(0));
        String rest = spec.substring(1);
        boolean standard = spec.length() <= 3 && "NDXFEGPC".indexOf(kind) >= 0 && rest.chars().allMatch(Character::isDigit);
        if (!standard) return custom(value, spec);
        Integer precision = rest.isEmpty() ? null : Integer.parseInt(rest);
        switch (kind) {
            case 'D': {
                if (!integral) throw new IllegalArgumentException("Format specifier was invalid.");
                BigInteger b = value.toBigInteger();
                String digits = b.abs().toString();
                if (precision != null && digits.length() < precision) digits = "0".repeat(precision - digits.length()) + digits;
                return (b.signum() < 0 ? "-" : "") + digits;
            }
            case 'X': {
                if (!integral) throw new IllegalArgumentException("Format specifier was invalid.");
                long l = value.longValue();
                String hex = Long.toHexString(l);
                if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE && l < 0) hex = Integer.toHexString((int) l);
                if (precision != null && hex.length() < precision) hex = "0".repeat(precision - hex.length()) + hex;
                return spec.charAt(0) == 'X' ? hex.toUpperCase(Locale.ROOT) : hex;
            }
            case 'N':
                return grouped(value, precision == null ? 2 : precision, true);
            case 'F':
                return grouped(value, precision == null ? 2 : precision, false);
            case 'P':
                return grouped(value.multiply(BigDecimal.valueOf(100)), precision == null ? 2 : precision, true) + " %";
            case 'C':
                return "¤" + grouped(value, precision == null ? 2 : precision, true);
            case 'E': {
                int p = precision == null ? 6 : precision;
                String s = String.format(Locale.ROOT, "%." + p + "E", value);
                int e = s.indexOf('E');
                String mant = s.substring(0, e);
                int exp = Integer.parseInt(s.substring(e + 1));
                String expText = String.format(Locale.ROOT, "%s%03d", exp < 0 ? "-" : "+", Math.abs(exp));
                return mant + (spec.charAt(0) == 'e' ? "e" : "E") + expText;
            }
            default: // G
                return integral ? value.toBigInteger().toString() : value.stripTrailingZeros().toPlainString();
        }
    }

    private static String grouped(BigDecimal value, int decimals, boolean group) {
        DecimalFormat f = new DecimalFormat(group ? "#,##0" : "0", DecimalFormatSymbols.getInstance(Locale.ROOT));
        f.setMinimumFractionDigits(decimals);
        f.setMaximumFractionDigits(decimals);
        f.setRoundingMode(RoundingMode.HALF_EVEN);
        return f.format(value.setScale(decimals, RoundingMode.HALF_UP));
    }

    private static String custom(BigDecimal value, String spec) {
        try {
            DecimalFormat f = new DecimalFormat(spec, DecimalFormatSymbols.getInstance(Locale.ROOT));
            f.setRoundingMode(RoundingMode.HALF_UP);
            return f.format(value);
        } catch (IllegalArgumentException e) {
            return spec;
        }
    }

    /** A .NET date/time format string (standard one-letter or custom) applied to a UTC timestamp. */
    public static String dateTime(ZonedDateTime t, String format) {
        String pattern = switch (format) {
            case "d" -> "MM/dd/yyyy";
            case "D" -> "dddd, dd MMMM yyyy";
            case "f" -> "dddd, dd MMMM yyyy HH:mm";
            case "F" -> "dddd, dd MMMM yyyy HH:mm:ss";
            case "g" -> "MM/dd/yyyy HH:mm";
            case "G" -> "MM/dd/yyyy HH:mm:ss";
            case "M", "m" -> "MMMM dd";
            case "O", "o" -> "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK";
            case "R", "r" -> "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'";
            case "s" -> "yyyy'-'MM'-'dd'T'HH':'mm':'ss";
            case "t" -> "HH:mm";
            case "T" -> "HH:mm:ss";
            case "u" -> "yyyy'-'MM'-'dd HH':'mm':'ss'Z'";
            case "U" -> "dddd, dd MMMM yyyy HH:mm:ss";
            case "Y", "y" -> "yyyy MMMM";
            default -> format;
        };
        return customDate(t, pattern);
    }

    private static String customDate(ZonedDateTime t, String p) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            int run = 1;
            while (i + run < p.length() && p.charAt(i + run) == c) run++;
            switch (c) {
                case 'y' -> {
                    int y = t.getYear();
                    out.append(run <= 2 ? pad(y % 100, run) : pad(y, run));
                    i += run;
                }
                case 'M' -> {
                    int m = t.getMonthValue();
                    if (run >= 4) out.append(t.getMonth().getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH));
                    else if (run == 3) out.append(t.getMonth().getDisplayName(java.time.format.TextStyle.SHORT, Locale.ENGLISH));
                    else out.append(pad(m, run));
                    i += run;
                }
                case 'd' -> {
                    if (run >= 4) out.append(t.getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH));
                    else if (run == 3) out.append(t.getDayOfWeek().getDisplayName(java.time.format.TextStyle.SHORT, Locale.ENGLISH));
                    else out.append(pad(t.getDayOfMonth(), run));
                    i += run;
                }
                case 'H' -> { out.append(pad(t.getHour(), Math.min(run, 2))); i += run; }
                case 'h' -> { int h = t.getHour() % 12; out.append(pad(h == 0 ? 12 : h, Math.min(run, 2))); i += run; }
                case 'm' -> { out.append(pad(t.getMinute(), Math.min(run, 2))); i += run; }
                case 's' -> { out.append(pad(t.getSecond(), Math.min(run, 2))); i += run; }
                case 'f', 'F' -> {
                    String frac = String.format(Locale.ROOT, "%09d", t.getNano()).substring(0, Math.min(run, 7));
                    if (c == 'F') frac = frac.replaceAll("0+$", "");
                    out.append(frac);
                    i += run;
                }
                case 't' -> { String ampm = t.getHour() < 12 ? "AM" : "PM"; out.append(run == 1 ? ampm.substring(0, 1) : ampm); i += run; }
                case 'z' -> { out.append(run == 1 ? "+0" : run == 2 ? "+00" : "+00:00"); i += run; }
                case 'K' -> { out.append('Z'); i += run; }
                case '\'', '"' -> {
                    int end = p.indexOf(c, i + 1);
                    if (end < 0) end = p.length();
                    out.append(p, i + 1, end);
                    i = end + 1;
                }
                case '\\' -> {
                    if (i + 1 < p.length()) out.append(p.charAt(i + 1));
                    i += 2;
                }
                default -> { out.append(c); i++; }
            }
        }
        return out.toString();
    }

    private static String pad(int v, int width) {
        String s = Integer.toString(v);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }
}
