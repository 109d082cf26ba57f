package io.strato.provider.containers;

import static io.strato.provider.containers.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ArmException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContainerGroupRequestTest {
    private static ObjectNode body() {
        return (ObjectNode) Fixtures.azCreate("busybox", "['sh','-c','httpd -f -p 8080']", 8080);
    }

    @Test
    void what_the_az_cli_sends_becomes_a_spec_without_the_secure_value() {
        var parsed = ContainerGroupRequest.parse(body());

        var c = parsed.spec().containers().get(0);
        assertThat(c.image()).isEqualTo("busybox");
        assertThat(c.command()).containsExactly("sh", "-c", "httpd -f -p 8080");
        assertThat(c.requests().cpu()).isEqualTo(0.5);
        assertThat(c.environmentVariables()).extracting(ContainerGroupSpec.EnvironmentVariable::value).containsExactly("hello", null);
        assertThat(parsed.spec().toString()).doesNotContain("s3cret");
        assertThat(parsed.secrets()).containsEntry("env/app/TOKEN", "s3cret");
        assertThat(parsed.spec().isolation()).isEqualTo(ContainerGroupSpec.Isolation.SharedKernel);
        assertThat(parsed.spec().ipAddress().type()).isEqualTo("Public");
    }

    @Test
    void numbers_may_arrive_as_strings_as_templates_send_them() {
        ObjectNode b = body();
        ((ObjectNode) b.at("/properties/containers/0/properties/resources/requests")).put("cpu", "1").put("memoryInGB", "1.5");

        var c = ContainerGroupRequest.parse(b).spec().containers().get(0);

        assertThat(c.requests().memoryInGB()).isEqualTo(1.5);
    }

    @Test
    void the_confidential_sku_isolates_the_group_in_a_virtual_machine() {
        ObjectNode b = body();
        ((ObjectNode) b.get("properties")).put("sku", "confidential");

        var spec = ContainerGroupRequest.parse(b).spec();

        assertThat(spec.sku()).isEqualTo("Confidential");
        assertThat(spec.isolation()).isEqualTo(ContainerGroupSpec.Isolation.VirtualMachine);
    }

    @ParameterizedTest(name = "{3}")
    @CsvSource(delimiter = '|', value = {
            "/properties/containers/0/name|Bad_Name|InvalidContainerName|a container name with capitals and '_' is refused",
            "/properties/osType|Windows|InvalidRequestPropertyValue|Windows containers are not offered",
            "/properties/osType|Plan9|InvalidRequestPropertyValue|an unknown OS type is refused",
            "/properties/restartPolicy|Sometimes|InvalidRequestPropertyValue|an unknown restart policy is refused",
            "/properties/ipAddress/type|Elastic|InvalidRequestPropertyValue|an unknown address type is refused",
            "/properties/ipAddress/type|Private|InvalidRequestPropertyValue|a private address without a subnet is refused",
            "/properties/containers/0/properties/resources/requests/cpu|-1|InvalidRequestPropertyValue|a negative cpu request is refused",
            "/properties/containers/0/properties/resources/requests/memoryInGB|64|InvalidRequestPropertyValue|more memory than a group may have is refused",
            "/properties/containers/0/properties/resources/requests/cpu|lots|InvalidRequestContent|a cpu that is not a number is refused",
            "/properties/containers/0/properties/ports/0/port|70000|InvalidRequestPropertyValue|a port above 65535 is refused",
    })
    void bad_values_are_refused_with_azures_code(String pointer, String value, String code, String reason) {
        ObjectNode b = body();
        int slash = pointer.lastIndexOf('/');
        ((ObjectNode) b.at(pointer.substring(0, slash))).put(pointer.substring(slash + 1), value);

        assertThatThrownBy(() -> ContainerGroupRequest.parse(b)).isInstanceOf(ArmException.class)
                .satisfies(e -> assertThat(((ArmException) e).error().code()).isEqualTo(code));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "/properties/containers/0/properties/image|the image is required",
            "/properties/containers/0/properties/resources|resources are required",
            "/properties/osType|the OS type is required",
            "/properties/containers|at least one container is required",
    })
    void missing_required_properties_are_named(String pointer, String reason) {
        ObjectNode b = body();
        int slash = pointer.lastIndexOf('/');
        ((ObjectNode) b.at(pointer.substring(0, slash))).remove(pointer.substring(slash + 1));

        assertThatThrownBy(() -> ContainerGroupRequest.parse(b)).isInstanceOf(ArmException.class)
                .satisfies(e -> assertThat(((ArmException) e).error().code()).isEqualTo("InvalidRequestContent"));
    }

    @Test
    void two_containers_of_one_name_are_refused() {
        ObjectNode b = body();
        b.withArray("/properties/containers").add(b.at("/properties/containers/0").deepCopy());

        assertThatThrownBy(() -> ContainerGroupRequest.parse(b)).isInstanceOf(ArmException.class)
                .satisfies(e -> assertThat(((ArmException) e).error().code()).isEqualTo("DuplicateContainerName"));
    }

    @Test
    void an_ip_address_port_no_container_exposes_is_refused() {
        ObjectNode b = body();
        ((ObjectNode) b.at("/properties/ipAddress/ports/0")).put("port", 9999);

        assertThatThrownBy(() -> ContainerGroupRequest.parse(b)).isInstanceOf(ArmException.class)
                .hasMessageContaining("9999");
    }

    @Test
    void volumes_mount_emptydir_and_secret_and_refuse_azure_files() {
        ObjectNode b = json("{'properties':{'osType':'Linux','containers':[{'name':'a','properties':{'image':'busybox',"
                + "'resources':{'requests':{'cpu':1,'memoryInGB':1}},'volumeMounts':[{'name':'scratch','mountPath':'/scratch'},"
                + "{'name':'creds','mountPath':'/creds'}]}}],'volumes':[{'name':'scratch','emptyDir':{}},"
                + "{'name':'creds','secret':{'password':'aHVudGVyMg=='}}]}}").deepCopy();

        var parsed = ContainerGroupRequest.parse(b);

        assertThat(parsed.spec().volumes()).extracting(ContainerGroupSpec.Volume::kind).containsExactly("emptyDir", "secret");
        assertThat(parsed.secrets()).containsEntry("volume/creds/password", "aHVudGVyMg==");

        b.withArray("/properties/volumes").addObject().put("name", "share").putObject("azureFile").put("shareName", "s");
        assertThatThrownBy(() -> ContainerGroupRequest.parse(b)).isInstanceOf(ArmException.class).hasMessageContaining("azureFile");
    }

    @Test
    void a_mount_of_an_unknown_volume_is_refused() {
        ObjectNode b = json("{'properties':{'osType':'Linux','containers':[{'name':'a','properties':{'image':'busybox',"
                + "'resources':{'requests':{'cpu':1,'memoryInGB':1}},'volumeMounts':[{'name':'nope','mountPath':'/x'}]}}]}}").deepCopy();

        assertThatThrownBy(() -> ContainerGroupRequest.parse(b)).isInstanceOf(ArmException.class).hasMessageContaining("nope");
    }
}
