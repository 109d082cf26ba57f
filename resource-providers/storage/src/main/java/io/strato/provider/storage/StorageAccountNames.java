package io.strato.provider.storage;

import io.strato.model.ArmErrorCode;
import io.strato.model.ArmException;
import java.util.Optional;
import java.util.regex.Pattern;

/** The storage account naming rule and Azure's messages about names. */
final class StorageAccountNames {
    private static final Pattern VALID = Pattern.compile("[a-z0-9]{3,24}");

    private StorageAccountNames() {}

    static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    static String invalidMessage(String name) {
        return "'" + name + "' is not a valid storage account name. Storage account name must be between 3 and 24 "
                + "characters in length and use numbers and lower-case letters only.";
    }

    static String takenMessage(String name) {
        return "The storage account named " + name + " is already taken.";
    }

    /** The {@code AccountNameInvalid} error for {@code name}, when it breaks the rule. */
    static Optional<ArmException> check(String name) {
        return isValid(name)
                ? Optional.empty()
                : Optional.of(ArmErrorCode.AccountNameInvalid.exception(invalidMessage(name), "name"));
    }
}
