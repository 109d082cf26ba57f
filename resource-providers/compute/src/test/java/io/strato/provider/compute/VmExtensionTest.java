package io.strato.provider.compute;

import static io.strato.provider.compute.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.model.ArmException;
import io.strato.model.ResourceId;
import io.strato.spi.BlobDownloads;
import io.strato.spi.Outcome;
import io.strato.testkit.InMemoryStoredResources;
import io.strato.testkit.TestProviderContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CustomScript extensions on the in-memory driver (which runs the script with the host's sh): validation with Azure's
 * codes, protected settings kept out of responses, the outcome in the extension's and the VM's instance views.
 */
class VmExtensionTest {
    @TempDir Path dir;
    final InMemoryStoredResources stored = new InMemoryStoredResources();
    ComputeProvider provider;
    VmExtensionHandler handler;
    final ResourceId vm = Fixtures.vm("vm1");
    final ResourceId ext = vm.child("extensions", "CustomScript");
    VirtualMachineSpec vmSpec;

    /** This appliance's Blob endpoint as the extension sees it: acct's container c, a public blob and one that needs authorization. */
    final BlobDownloads blobs = new BlobDownloads() {
        static final String HOST = "acct.blob.storage.test";

        @Override public boolean serves(URI url) { return HOST.equals(url.getHost()); }

        @Override
        public byte[] download(URI url, Optional<AccountKey> key, long maxBytes) throws DownloadException {
            boolean authorized = (url.getRawQuery() != null && url.getRawQuery().contains("sig=good"))
                    || key.filter(k -> k.account().equals("acct") && k.key().equals("a2V5")).isPresent();
            return switch (url.getPath()) {
                case "/c/hello.sh" -> "echo \"hello from $(basename \"$0\") with $1\"\n".getBytes(StandardCharsets.UTF_8);
                case "/c/data.txt" -> { if (!authorized) throw new DownloadException(403, "AuthenticationFailed", "refused"); yield "forty-two\n".getBytes(StandardCharsets.UTF_8); }
                case "/c/big.bin" -> throw new DownloadException(413, null, "too big");
                default -> throw new DownloadException(404, "BlobNotFound", "none");
            };
        }
    };

    @BeforeEach
    void vm() {
        provider = new ComputeProvider(Fixtures.CLOCK);
        provider.configure(TestProviderContext.of(dir, Map.of(ComputeProvider.DRIVER_SETTING, "memory")).withResources(stored)
                .withService(BlobDownloads.class, blobs));
        handler = provider.vmExtensions();
        vmSpec = provider.virtualMachines().toSpec(Fixtures.LATEST, vm, Fixtures.tinyVm(), Optional.empty());
        assertThat(provider.virtualMachines().connect().create(vm, vmSpec)).isInstanceOf(Outcome.Done.class);
        stored.put(vm, vmSpec);
    }

    private ExtensionSpec put(String body, Optional<ExtensionSpec> existing) {
        ExtensionSpec spec = handler.toSpec(Fixtures.LATEST, ext, json(body), existing);
        stored.put(ext, spec);
        return spec;
    }

    private static String customScript(String settings) {
        return "{'location':'local','properties':{'publisher':'Microsoft.Azure.Extensions','type':'CustomScript','typeHandlerVersion':'2.1',"
                + "'autoUpgradeMinorVersion':true,'settings':" + settings + "}}";
    }

    private JsonNode extensionInstanceView(ExtensionSpec spec) {
        return handler.toResponse(Fixtures.LATEST, ext, spec, handler.connect().observe(ext, spec), "instanceView").at("/properties/instanceView");
    }

    @Test
    void a_command_runs_and_its_output_is_in_both_instance_views() {
        ExtensionSpec spec = put(customScript("{'commandToExecute':'echo hello from the guest; echo warning >&2'}"), Optional.empty());

        assertThat(handler.connect().create(ext, spec)).isInstanceOf(Outcome.Done.class);

        JsonNode view = extensionInstanceView(spec);
        assertThat(view.at("/statuses/0/code").asText()).isEqualTo("ProvisioningState/succeeded");
        assertThat(view.at("/statuses/0/message").asText()).isEqualTo("Enable succeeded: \n[stdout]\nhello from the guest\n\n[stderr]\nwarning\n");
        assertThat(view.at("/substatuses/0/code").asText()).isEqualTo("ComponentStatus/StdOut/succeeded");
        assertThat(view.at("/substatuses/0/message").asText()).isEqualTo("hello from the guest\n");
        assertThat(view.at("/substatuses/1/message").asText()).isEqualTo("warning\n");
        assertThat(view.at("/type").asText()).isEqualTo("Microsoft.Azure.Extensions.CustomScript");
        assertThat(view.at("/typeHandlerVersion").asText()).isEqualTo("2.1.10");

        VirtualMachineHandler vms = provider.virtualMachines();
        JsonNode vmView = vms.views().get(0).read(Fixtures.LATEST, vm, vmSpec, List.of(), Map.of());
        assertThat(vmView.at("/extensions/0/name").asText()).isEqualTo("CustomScript");
        assertThat(vmView.at("/extensions/0/statuses/0/code").asText()).isEqualTo("ProvisioningState/succeeded");
        JsonNode vmGet = vms.toResponse(Fixtures.LATEST, vm, vmSpec, vms.connect().observe(vm, vmSpec), null);
        assertThat(vmGet.at("/resources/0/type").asText()).isEqualTo("Microsoft.Compute/virtualMachines/extensions");
        assertThat(vmGet.at("/resources/0/properties/settings/commandToExecute").asText()).startsWith("echo hello");
    }

    @Test
    void a_script_that_exits_non_zero_fails_with_vm_extension_provisioning_error() {
        ExtensionSpec spec = put(customScript("{'commandToExecute':'echo partial; exit 3'}"), Optional.empty());

        Outcome o = handler.connect().create(ext, spec);

        assertThat(o).isInstanceOfSatisfying(Outcome.Failed.class, f -> {
            assertThat(f.error().code()).isEqualTo("VMExtensionProvisioningError");
            assertThat(f.error().message()).contains("extension 'CustomScript' (publisher 'Microsoft.Azure.Extensions' and type 'CustomScript')")
                    .contains("command terminated with exit status=3").contains("[stdout]\npartial");
        });
        assertThat(extensionInstanceView(spec).at("/statuses/0/code").asText()).isEqualTo("ProvisioningState/failed/3");
    }

    @Test
    void protected_settings_go_to_the_vault_and_are_never_echoed() {
        String script = Base64.getEncoder().encodeToString("#!/bin/sh\necho $((6*7))\n".getBytes(StandardCharsets.UTF_8));
        ExtensionSpec spec = put("{'location':'local','properties':{'publisher':'Microsoft.Azure.Extensions','type':'CustomScript',"
                + "'typeHandlerVersion':'2.1','settings':{},'protectedSettings':{'script':'" + script + "'}}}", Optional.empty());

        assertThat(handler.connect().create(ext, spec)).isInstanceOf(Outcome.Done.class);
        assertThat(extensionInstanceView(spec).at("/substatuses/0/message").asText()).isEqualTo("42\n");
        String response = handler.toResponse(Fixtures.LATEST, ext, spec, handler.connect().observe(ext, spec), "instanceView").toString();
        assertThat(response).doesNotContain(script).doesNotContain("protectedSettings");
        assertThat(json(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(spec).toString()).toString()).doesNotContain(script);
    }

    @Test
    void the_same_settings_do_not_run_again_but_a_new_force_update_tag_does() {
        ExtensionSpec first = put(customScript("{'commandToExecute':'date +%N'}"), Optional.empty());
        ExtensionSpec same = handler.toSpec(Fixtures.LATEST, ext, json(customScript("{'commandToExecute':'date +%N'}")), Optional.of(first));
        ExtensionSpec forced = handler.toSpec(Fixtures.LATEST, ext, json(customScript("{'commandToExecute':'date +%N'}").replace("'settings'", "'forceUpdateTag':'2','settings'")), Optional.of(first));

        assertThat(same.sequence()).isEqualTo(first.sequence());
        assertThat(forced.sequence()).isEqualTo(first.sequence() + 1);
    }

    @Test
    void file_uris_of_the_appliances_storage_are_downloaded_into_the_working_folder_before_the_command_runs() {
        ExtensionSpec spec = put(customScript("{'fileUris':['https://acct.blob.storage.test/c/hello.sh','https://acct.blob.storage.test/c/data.txt?sv=1&sig=good'],"
                + "'commandToExecute':'sh hello.sh world && cat data.txt'}"), Optional.empty());

        assertThat(handler.connect().create(ext, spec)).isInstanceOf(Outcome.Done.class);
        assertThat(extensionInstanceView(spec).at("/substatuses/0/message").asText()).isEqualTo("hello from hello.sh with world\nforty-two\n");
    }

    @Test
    void the_account_key_in_protected_settings_authorizes_the_downloads() {
        ExtensionSpec spec = put("{'location':'local','properties':{'publisher':'Microsoft.Azure.Extensions','type':'CustomScript','typeHandlerVersion':'2.1',"
                + "'settings':{'fileUris':['https://acct.blob.storage.test/c/data.txt'],'commandToExecute':'cat data.txt'},"
                + "'protectedSettings':{'storageAccountName':'acct','storageAccountKey':'a2V5'}}}", Optional.empty());

        assertThat(handler.connect().create(ext, spec)).isInstanceOf(Outcome.Done.class);
        assertThat(extensionInstanceView(spec).at("/substatuses/0/message").asText()).isEqualTo("forty-two\n");
        assertThat(handler.toResponse(Fixtures.LATEST, ext, spec, handler.connect().observe(ext, spec), "instanceView").toString()).doesNotContain("a2V5");
    }

    @Test
    void a_download_that_is_refused_missing_too_big_or_off_the_appliance_fails_the_extension() {
        Map<String, String> cases = Map.of(
                "https://acct.blob.storage.test/c/data.txt", "failed to download file[0]: http request failed: status code: 403 (AuthenticationFailed)",
                "https://acct.blob.storage.test/c/none.sh", "failed to download file[0]: http request failed: status code: 404 (BlobNotFound)",
                "https://acct.blob.storage.test/c/big.bin", "larger than the 4 MiB this appliance hands to a guest",
                "https://raw.githubusercontent.com/a/b/install.sh", "https://raw.githubusercontent.com cannot be reached from this appliance (no route to the internet)",
                "https://acct.blob.storage.test/c/", "names no file");
        cases.forEach((uri, message) -> {
            ExtensionSpec spec = put(customScript("{'fileUris':['" + uri + "'],'commandToExecute':'true'}").replace("'settings'", "'forceUpdateTag':'" + uri.hashCode() + "','settings'"),
                    stored.find(ext).map(r -> r.spec(ExtensionSpec.class)));
            assertThat(handler.connect().create(ext, spec)).as(uri).isInstanceOfSatisfying(Outcome.Failed.class, f -> {
                assertThat(f.error().code()).isEqualTo("VMExtensionProvisioningError");
                assertThat(f.error().message()).contains("Enable failed: ").contains(message);
            });
        });
    }

    @Test
    void bad_settings_fail_as_the_handler_would() {
        ExtensionSpec neither = put(customScript("{}"), Optional.empty());
        assertThat(handler.connect().create(ext, neither)).isInstanceOfSatisfying(Outcome.Failed.class,
                f -> assertThat(f.error().message()).contains("Enable failed: commandToExecute is empty or invalid"));
        ExtensionSpec downloads = put(customScript("{'fileUris':['https://example.com/a.sh'],'commandToExecute':'sh a.sh'}"), Optional.empty());
        assertThat(handler.connect().create(ext, downloads)).isInstanceOfSatisfying(Outcome.Failed.class,
                f -> assertThat(f.error().code()).isEqualTo("VMExtensionProvisioningError"));
    }

    @Test
    void an_unknown_handler_or_version_is_not_found_and_missing_fields_are_invalid() {
        assertThatThrownBy(() -> put(customScript("{}").replace("'2.1'", "'9.0'"), Optional.empty()))
                .isInstanceOfSatisfying(ArmException.class, e -> {
                    assertThat(e.error().code()).isEqualTo("NotFound");
                    assertThat(e.error().message()).contains("could not be found in the extension repository");
                });
        assertThatThrownBy(() -> put("{'location':'local','properties':{'publisher':'Microsoft.Azure.Extensions','typeHandlerVersion':'2.1'}}", Optional.empty()))
                .isInstanceOfSatisfying(ArmException.class, e -> assertThat(e.error().message()).isEqualTo("Required parameter 'type' is missing (null)."));
        assertThatThrownBy(() -> put(customScript("'not an object'"), Optional.empty()))
                .isInstanceOfSatisfying(ArmException.class, e -> assertThat(e.error().target()).isEqualTo("settings"));
    }

    @Test
    void an_older_minor_version_runs_the_newest_one_only_when_minor_upgrades_are_allowed() {
        String ostc = "{'location':'local','properties':{'publisher':'Microsoft.OSTCExtensions','type':'CustomScriptForLinux','typeHandlerVersion':'1.3',"
                + "'autoUpgradeMinorVersion':%s,'settings':{'commandToExecute':'echo hi'}}}";

        ExtensionSpec upgraded = put(ostc.formatted("'true'"), Optional.empty());
        assertThat(upgraded.typeHandlerVersion()).isEqualTo("1.3");
        assertThat(extensionInstanceView(upgraded).path("typeHandlerVersion").asText()).isEqualTo("1.5.5");

        assertThatThrownBy(() -> put(ostc.formatted("false"), Optional.empty()))
                .isInstanceOfSatisfying(ArmException.class, e -> assertThat(e.error().code()).isEqualTo("NotFound"));
        assertThatThrownBy(() -> put(ostc.formatted("true").replace("'1.3'", "'1.9'"), Optional.empty()))
                .isInstanceOfSatisfying(ArmException.class, e -> assertThat(e.error().code()).isEqualTo("NotFound"));
    }

    @Test
    void extensions_of_a_stopped_vm_cannot_change() {
        provider.virtualMachines().actions().stream().filter(a -> a.name().equals("deallocate")).findFirst().orElseThrow()
                .invoke(Fixtures.LATEST, vm, vmSpec, json("{}"));

        assertThatThrownBy(() -> put(customScript("{'commandToExecute':'true'}"), Optional.empty()))
                .isInstanceOfSatisfying(ArmException.class, e -> {
                    assertThat(e.error().code()).isEqualTo("OperationNotAllowed");
                    assertThat(e.error().message()).isEqualTo("Cannot modify extensions in the VM when the VM is not running.");
                });
    }

    @Test
    void the_catalogue_lists_the_handler_versions_az_looks_up() {
        var queries = provider.queries();
        var versions = queries.stream().filter(q -> q.path().endsWith("vmextension/types/{type}/versions")).findFirst().orElseThrow()
                .get(Fixtures.LATEST, Fixtures.SUBSCRIPTION, Map.of("location", "local", "publisher", "microsoft.azure.extensions", "type", "customscript"), Map.of());
        assertThat(versions.orElseThrow().findValuesAsText("name")).containsExactly("2.0.7", "2.1.10");
        var publishers = queries.stream().filter(q -> q.path().equals("locations/{location}/publishers")).findFirst().orElseThrow()
                .get(Fixtures.LATEST, Fixtures.SUBSCRIPTION, Map.of("location", "local"), Map.of());
        assertThat(publishers.orElseThrow().findValuesAsText("name")).contains("Microsoft.Azure.Extensions", "Microsoft.OSTCExtensions");
    }

    @Test
    void deleting_the_extension_forgets_its_outcome() {
        ExtensionSpec spec = put(customScript("{'commandToExecute':'true'}"), Optional.empty());
        handler.connect().create(ext, spec);

        assertThat(handler.connect().delete(ext)).isInstanceOf(Outcome.Done.class);

        assertThat(handler.connect().observe(ext, spec).exists()).isFalse();
    }

    @Test
    void console_reports_are_parsed_into_outcomes() {
        String log = "noise\nSTRATO-EXTENSION-START: a 1\nSTRATO-EXTENSION-START: b 0\nSTRATO-EXTENSION-EXIT: a 1 2 "
                + Base64.getEncoder().encodeToString("out\n".getBytes(StandardCharsets.UTF_8)) + " -\nSTRATO-EXTENSION-EXIT: garbled\n";
        assertThat(ScriptMedium.parse(log)).containsExactly(
                new MachineDriver.ExtensionResult("a", 1, 2, "out\n", ""),
                new MachineDriver.ExtensionResult("b", 0, null, "", ""));
    }
}
