package io.strato.template.expression;

import io.strato.template.diagnostic.DiagnosticCode;
import io.strato.template.diagnostic.TemplateException;
import io.strato.template.expression.Expression.FunctionCall;
import io.strato.template.expression.Expression.IndexAccess;
import io.strato.template.expression.Expression.IntegerLiteral;
import io.strato.template.expression.Expression.PropertyAccess;
import io.strato.template.expression.Expression.StringLiteral;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lexer and recursive-descent parser for ARM template language expressions.
 *
 * <pre>
 * expression := primary ( '.' identifier | '[' expression ']' )*
 * primary    := string | integer | identifier ( '.' identifier )? '(' ( expression ( ',' expression )* )? ')'
 * </pre>
 */
public final class ExpressionParser {
    /** Azure rejects template expressions longer than this (ARM-CONTRACT.md, best practices). */
    public static final int MAX_EXPRESSION_LENGTH = 24_576;
    private static final int MAX_DEPTH = 200;
    private static final ConcurrentHashMap<String, Expression> CACHE = new ConcurrentHashMap<>();

    private final String text;
    private int pos;
    private int depth;

    private ExpressionParser(String text) { this.text = text; }

    /** True when a JSON string is a template expression: {@code [..]} but not the {@code [[} escape. */
    public static boolean isExpression(String s) {
        return s.length() >= 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']' && s.charAt(1) != '[';
    }

    /** The literal value of a non-expression string ({@code [[x]} becomes {@code [x]}). */
    public static String unescape(String s) {
        return s.startsWith("[[") ? s.substring(1) : s;
    }

    /** Parses a JSON string value: the expression it holds, or empty when it is a plain (possibly escaped) literal. */
    public static Optional<Expression> parseTemplateString(String s) {
        if (!isExpression(s)) return Optional.empty();
        return Optional.of(parse(s.substring(1, s.length() - 1)));
    }

    /** Parses the inside of {@code [...]}; throws {@link TemplateException} (InvalidTemplateExpression) on bad syntax. */
    public static Expression parse(String expression) {
        if (expression.length() > MAX_EXPRESSION_LENGTH) {
            throw error("The template language expression exceeds the limit of " + MAX_EXPRESSION_LENGTH + " characters.");
        }
        Expression cached = CACHE.get(expression);
        if (cached != null) return cached;
        ExpressionParser p = new ExpressionParser(expression);
        p.skipSpace();
        if (p.pos >= p.text.length()) throw error("The template language expression is empty.");
        Expression e = p.expression();
        p.skipSpace();
        if (p.pos < p.text.length()) throw p.unexpected("end of expression");
        if (CACHE.size() < 50_000) CACHE.put(expression, e);
        return e;
    }

    private Expression expression() {
        if (++depth > MAX_DEPTH) throw error("The template language expression is nested too deeply.");
        try {
            Expression e = primary();
            while (true) {
                skipSpace();
                if (peek('.')) {
                    pos++;
                    skipSpace();
                    e = new PropertyAccess(e, identifier());
                } else if (peek('[')) {
                    pos++;
                    skipSpace();
                    Expression index = expression();
                    skipSpace();
                    expect(']');
                    e = new IndexAccess(e, index);
                } else {
                    return e;
                }
            }
        } finally {
            depth--;
        }
    }

    private Expression primary() {
        skipSpace();
        if (pos >= text.length()) throw unexpected("a value");
        char c = text.charAt(pos);
        if (c == '\'') return string();
        if (c == '-' || c == '+' || Character.isDigit(c)) return integer();
        if (isIdentifierStart(c)) {
            String name = identifier();
            String namespace = null;
            skipSpace();
            if (peek('.')) {
                // namespace.function( — a user-defined function; otherwise '.' is property access, which needs a call first
                pos++;
                skipSpace();
                namespace = name;
                name = identifier();
                skipSpace();
            }
            expect('(');
            List<Expression> args = new ArrayList<>();
            skipSpace();
            if (!peek(')')) {
                while (true) {
                    args.add(expression());
                    skipSpace();
                    if (peek(',')) {
                        pos++;
                        continue;
                    }
                    break;
                }
            }
            expect(')');
            return new FunctionCall(namespace, name, args);
        }
        throw unexpected("a function call, a string or a number");
    }

    private Expression string() {
        StringBuilder b = new StringBuilder();
        pos++; // opening quote
        while (true) {
            if (pos >= text.length()) throw error("The string literal starting at position " + pos + " is not terminated: '" + abbreviate() + "'.");
            char c = text.charAt(pos++);
            if (c == '\'') {
                if (pos < text.length() && text.charAt(pos) == '\'') {
                    b.append('\'');
                    pos++;
                } else {
                    return new StringLiteral(b.toString());
                }
            } else {
                b.append(c);
            }
        }
    }

    private Expression integer() {
        int start = pos;
        if (text.charAt(pos) == '-' || text.charAt(pos) == '+') pos++;
        int digits = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
        if (pos == digits) throw unexpected("a digit");
        if (pos < text.length() && text.charAt(pos) == '.') {
            throw error("Floating point literals are not supported in template language expressions: '" + abbreviate() + "'.");
        }
        try {
            return new IntegerLiteral(Long.parseLong(text.substring(start, pos)));
        } catch (NumberFormatException e) {
            throw error("The integer literal '" + text.substring(start, pos) + "' is out of the 64-bit range.");
        }
    }

    private String identifier() {
        int start = pos;
        if (pos >= text.length() || !isIdentifierStart(text.charAt(pos))) throw unexpected("an identifier");
        while (pos < text.length() && isIdentifierPart(text.charAt(pos))) pos++;
        return text.substring(start, pos);
    }

    private static boolean isIdentifierStart(char c) { return Character.isLetter(c) || c == '_' || c == '$'; }

    private static boolean isIdentifierPart(char c) { return Character.isLetterOrDigit(c) || c == '_' || c == '$'; }

    private boolean peek(char c) { return pos < text.length() && text.charAt(pos) == c; }

    private void expect(char c) {
        skipSpace();
        if (!peek(c)) throw unexpected("'" + c + "'");
        pos++;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
    }

    private TemplateException unexpected(String wanted) {
        String found = pos >= text.length() ? "the end of the expression" : "'" + text.charAt(pos) + "'";
        return error("The template language expression '" + abbreviate() + "' is not valid: expected " + wanted
                + " at position " + pos + " but found " + found + ".");
    }

    private String abbreviate() { return text.length() > 200 ? text.substring(0, 200) + "..." : text; }

    private static TemplateException error(String message) {
        return new TemplateException(DiagnosticCode.InvalidTemplateExpression, message);
    }
}
