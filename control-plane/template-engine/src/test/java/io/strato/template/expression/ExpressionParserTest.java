package io.strato.template.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.template.diagnostic.DiagnosticCode;
import io.strato.template.diagnostic.TemplateException;
import io.strato.template.expression.Expression.FunctionCall;
import io.strato.template.expression.Expression.IndexAccess;
import io.strato.template.expression.Expression.IntegerLiteral;
import io.strato.template.expression.Expression.PropertyAccess;
import io.strato.template.expression.Expression.StringLiteral;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpressionParserTest {
    @Test
    void aNestedCallWithPropertyAndIndexAccessParsesIntoTheTree() {
        Expression e = ExpressionParser.parse("reference(resourceId('a/b', 'n')).outputs['x'][0]");
        assertThat(e).isEqualTo(new IndexAccess(new IndexAccess(new PropertyAccess(
                new FunctionCall(null, "reference", List.of(new FunctionCall(null, "resourceId", List.of(new StringLiteral("a/b"), new StringLiteral("n"))))),
                "outputs"), new StringLiteral("x")), new IntegerLiteral(0)));
    }

    @Test
    void doubledQuotesInsideAStringLiteralAreOneQuote() {
        assertThat(ExpressionParser.parse("'it''s'")).isEqualTo(new StringLiteral("it's"));
    }

    @Test
    void negativeIntegersAndWhitespaceAreAccepted() {
        assertThat(ExpressionParser.parse("  add( -1 ,2 ) ")).isEqualTo(new FunctionCall(null, "add", List.of(new IntegerLiteral(-1), new IntegerLiteral(2))));
    }

    @Test
    void aNamespacedCallIsAUserDefinedFunction() {
        assertThat(ExpressionParser.parse("contoso.greet('x')")).isEqualTo(new FunctionCall("contoso", "greet", List.of(new StringLiteral("x"))));
    }

    @Test
    void aDoubleOpeningBracketIsALiteralNotAnExpression() {
        assertThat(ExpressionParser.isExpression("[[x]")).isFalse();
        assertThat(ExpressionParser.unescape("[[x]")).isEqualTo("[x]");
        assertThat(ExpressionParser.isExpression("[x]")).isTrue();
        assertThat(ExpressionParser.isExpression("x]")).isFalse();
    }

    @Test
    void anUnterminatedStringIsAnInvalidTemplateExpression() {
        assertThatThrownBy(() -> ExpressionParser.parse("concat('a"))
                .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.first().code()).isEqualTo(DiagnosticCode.InvalidTemplateExpression));
    }

    @Test
    void trailingGarbageIsRejected() {
        assertThatThrownBy(() -> ExpressionParser.parse("concat('a') x")).isInstanceOf(TemplateException.class);
    }

    @Test
    void anExpressionLongerThan24576CharactersIsRejected() {
        String longString = "'" + "a".repeat(ExpressionParser.MAX_EXPRESSION_LENGTH) + "'";
        assertThatThrownBy(() -> ExpressionParser.parse(longString)).hasMessageContaining("24576");
    }

    @Test
    void deeplyNestedExpressionsFailInsteadOfOverflowingTheStack() {
        String deep = "not(".repeat(5000) + "true()" + ")".repeat(5000);
        assertThatThrownBy(() -> ExpressionParser.parse(deep)).isInstanceOf(TemplateException.class);
    }
}
