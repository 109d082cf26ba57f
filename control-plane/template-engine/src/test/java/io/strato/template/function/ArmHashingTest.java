package io.strato.template.function;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArmHashingTest {
    @ParameterizedTest(name = "uniqueString({0}) is {1} ({2})")
    @CsvSource(delimiter = '|', value = {
            // observed on Azure, quoted in Kingsland.ArmLinter's ArmFunctions_UniqueString.cs
            "aaa|zavj67f3en4hc|Azure output quoted by Kingsland.ArmLinter",
            "bbb|w5eragfxe33cy|Azure output quoted by Kingsland.ArmLinter",
            "zzz|cryksdzzzawae|Azure output quoted by Kingsland.ArmLinter",
            "xxx,yyy,zzz|lghi7k5js7itq|several arguments are joined with '-' (Azure output quoted by Kingsland.ArmLinter)",
            // verified against Bicep by the uniquestring.sh re-implementation
            "test|rbgf3xv4ufgzg|single short argument",
            "hello,world|a7wkljktk6wne|two arguments",
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-rg|bmg7c6xu4tw46|a resource group id (longer than 8 bytes, tail of 7)"
    })
    void uniqueStringMatchesAzure(String args, String expected, String reason) {
        assertThat(ArmHashing.uniqueString(List.of(args.split(",")))).as(reason).isEqualTo(expected);
    }

    @ParameterizedTest(name = "guid({0}) is a version-5 UUID")
    @CsvSource({"a", "/subscriptions/x", "a,b,c"})
    void guidIsAVersion5UuidOfTheHyphenJoinedArguments(String args) {
        String g = ArmHashing.guid(List.of(args.split(",")));
        assertThat(g).matches("[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(g).isEqualTo(ArmHashing.uuidV5(java.util.UUID.fromString("11fb06fb-712d-4ddd-98c7-e71bbd588830"), args.replace(',', '-')).toString());
    }
}
