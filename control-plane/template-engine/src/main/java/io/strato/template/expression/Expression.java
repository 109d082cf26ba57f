package io.strato.template.expression;

import java.util.List;

/** The syntax tree of one ARM language expression (the text between the outer brackets of {@code "[...]"}). */
public sealed interface Expression {

    /** {@code 'text'} with {@code ''} already unescaped. */
    record StringLiteral(String value) implements Expression {}

    /** A 64-bit integer literal, possibly negative. */
    record IntegerLiteral(long value) implements Expression {}

    /** {@code name(args)} or {@code namespace.name(args)} for user-defined functions. */
    record FunctionCall(String namespace, String name, List<Expression> arguments) implements Expression {
        public FunctionCall { arguments = List.copyOf(arguments); }

        public String qualifiedName() { return namespace == null ? name : namespace + "." + name; }
    }

    /** {@code target.name}. */
    record PropertyAccess(Expression target, String property) implements Expression {}

    /** {@code target[index]}. */
    record IndexAccess(Expression target, Expression index) implements Expression {}
}
