package io.strato.provider.storage;

import static io.strato.provider.storage.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strato.model.ArmException;
import io.strato.spi.ProviderAction;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CheckNameAvailabilityActionTest {
    private final CheckNameAvailabilityAction action = new CheckNameAvailabilityAction();
    private final ProviderAction.NameRegistry names = (type, name) ->
            type.equals(StorageAccountHandler.TYPE) && Set.of("taken1").contains(name);

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of("a free valid name", "free1", "{'nameAvailable':true}"),
                Arguments.of("a name in use", "taken1",
                        "{'nameAvailable':false,'reason':'AlreadyExists','message':'The storage account named taken1 is already taken.'}"),
                Arguments.of("a name with a hyphen", "my-account",
                        "{'nameAvailable':false,'reason':'AccountNameInvalid','message':\"'my-account' is not a valid storage account name. "
                                + "Storage account name must be between 3 and 24 characters in length and use numbers and lower-case letters only.\"}"),
                Arguments.of("a name too short", "ab", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void itAnswersAsAzureDoes(String reason, String name, String expected) {
        var answer = action.invoke(Fixtures.LATEST_SHAPE, Fixtures.SUBSCRIPTION,
                json("{'name':'" + name + "','type':'Microsoft.Storage/storageAccounts'}"), names);

        if (expected != null) assertThat(answer).as(reason).isEqualTo(json(expected));
        else assertThat(answer.get("reason").asText()).isEqualTo("AccountNameInvalid");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void aRequestForAnotherTypeOrWithoutANameIsRefused(String reason, String body, String target) {
        assertThatThrownBy(() -> action.invoke(Fixtures.LATEST_SHAPE, Fixtures.SUBSCRIPTION, json(body), names))
                .as(reason)
                .isInstanceOfSatisfying(ArmException.class, e -> assertThat(e.error().target()).isEqualTo(target));
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("another type", "{'name':'abc','type':'Microsoft.Compute/disks'}", "type"),
                Arguments.of("no type", "{'name':'abc'}", "type"),
                Arguments.of("no name", "{'type':'Microsoft.Storage/storageAccounts'}", "name"));
    }
}
