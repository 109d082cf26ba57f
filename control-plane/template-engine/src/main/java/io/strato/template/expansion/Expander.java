package io.strato.template.expansion;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.template.DeploymentScope;
import io.strato.template.diagnostic.Diagnostic;
import io.strato.template.diagnostic.DiagnosticCode;
import io.strato.template.diagnostic.TemplateException;
import io.strato.template.document.ApiProfiles;
import io.strato.template.document.ResourceDeclaration;
import io.strato.template.document.Template;
import io.strato.template.evaluation.EvaluationContext;
import io.strato.template.evaluation.Evaluator;
import io.strato.template.evaluation.ResourceResolver;
import io.strato.template.function.ArmValues;
import io.strato.template.function.ResourceIds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Expands resource declarations into instances: conditions (false ones dropped), copy loops, child-resource names and
 * types, api versions (from apiProfile when missing), resource ids (scope, cross-scope deployments, extension scopes).
 */
public final class Expander implements ResourceResolver {
    /** ARM's limit on resources per template, copies included. */
    public static final int MAX_RESOURCES = 800;

    private final Template template;
    private final DeploymentScope scope;
    private final EvaluationContext root;
    private final List<Diagnostic> diagnostics;
    private final List<ResourceInstance> instances = new ArrayList<>();
    /** Names, symbolic names, loop names and ids of resources whose condition is false: dependsOn on them is dropped. */
    private final Set<String> excluded = new HashSet<>();
    private final Map<ResourceDeclaration, List<ResourceInstance>> byDeclaration = new LinkedHashMap<>();
    private final Map<ResourceDeclaration, Boolean> declarationExcluded = new HashMap<>();

    public Expander(Template template, DeploymentScope scope, EvaluationContext root, List<Diagnostic> diagnostics) {
        this.template = template;
        this.scope = scope;
        this.root = root;
        this.diagnostics = diagnostics;
    }

    public List<ResourceInstance> instances() { return instances; }

    public boolean isExcluded(String reference) { return excluded.contains(lower(reference)); }

    public List<ResourceInstance> expand() {
        for (ResourceDeclaration d : template.resources()) {
            try {
                expand(d);
            } catch (TemplateException e) {
                diagnostics.addAll(e.at(d.path()).diagnostics());
            } catch (EvaluationContext.RuntimeLookupRequired e) {
                diagnostics.add(new Diagnostic(DiagnosticCode.InvalidTemplate, e.getMessage()
                        + " It cannot be used in a resource's name, type, condition, copy count or dependsOn.", d.path()));
            }
        }
        if (instances.size() > MAX_RESOURCES) {
            diagnostics.add(new Diagnostic(DiagnosticCode.InvalidTemplate, "The number of resources in the template '" + instances.size()
                    + "' exceeds the limit of '" + MAX_RESOURCES + "' (copies included).", "$.resources"));
        }
        Map<String, ResourceInstance> seen = new HashMap<>();
        for (ResourceInstance i : instances) {
            ResourceInstance before = seen.putIfAbsent(i.key(), i);
            if (before != null && !i.existing() && !before.existing()) {
                diagnostics.add(new Diagnostic(DiagnosticCode.InvalidTemplate, "The resource '" + i.resourceId()
                        + "' is defined multiple times in the template (also at '" + before.declaration().path() + "').", i.declaration().path()));
            }
        }
        return instances;
    }

    private void expand(ResourceDeclaration d) {
        JsonNode body = d.body();
        List<ResourceInstance> out = new ArrayList<>();
        byDeclaration.put(d, out);
        if (d.parent() != null && Boolean.TRUE.equals(declarationExcluded.get(d.parent()))) {
            declarationExcluded.put(d, true);
            return;
        }
        JsonNode copy = body.get("copy");
        // a child declared inside a copied parent is repeated with its parent's loop
        for (ResourceDeclaration p = d.parent(); (copy == null || !copy.isObject()) && p != null; p = p.parent()) copy = p.body().get("copy");
        String loopName = null;
        long count = 1;
        int batchSize = 0;
        if (copy != null && copy.isObject()) {
            loopName = copy.path("name").asText(null);
            if (loopName == null) {
                diagnostics.add(new Diagnostic(DiagnosticCode.InvalidTemplate, "The copy loop must have a 'name'.", d.path() + ".copy"));
                return;
            }
            count = Evaluator.copyCount(copy.get("count"), root, d.path() + ".copy.count");
            if ("serial".equalsIgnoreCase(copy.path("mode").asText(""))) {
                JsonNode bs = Evaluator.evaluateValue(copy.get("batchSize"), root, d.path() + ".copy.batchSize");
                batchSize = bs.isIntegralNumber() ? (int) Math.max(1, bs.longValue()) : 1;
            }
        }
        boolean anyIncluded = false;
        for (int i = 0; i < count; i++) {
            EvaluationContext ctx = loopName == null ? root : root.withLoop(loopName, i);
            ResourceInstance inst = instance(d, ctx, loopName, loopName == null ? -1 : i, batchSize);
            if (inst != null) {
                out.add(inst);
                instances.add(inst);
                anyIncluded = true;
            }
        }
        if (d.symbolicName() != null && !anyIncluded) excluded.add(lower(d.symbolicName()));
        if (loopName != null && count == 0) excluded.add(lower(loopName));
        declarationExcluded.put(d, !anyIncluded && count > 0);
    }

    private ResourceInstance instance(ResourceDeclaration d, EvaluationContext ctx, String loopName, int index, int batchSize) {
        JsonNode body = d.body();
        String path = d.path();
        String type = string(body.get("type"), ctx, path + ".type");
        String name = body.has("name") ? string(body.get("name"), ctx, path + ".name") : null;
        String fullType = type;
        String fullName = name;
        if (d.parent() != null) {
            ParentInfo parent = parentInfo(d.parent(), ctx);
            if (!type.contains("/")) fullType = parent.fullType + "/" + type;
            if (name != null && fullName.split("/").length < fullType.split("/").length - 1) fullName = parent.fullName + "/" + name;
        }
        if (body.has("condition")) {
            JsonNode c = Evaluator.evaluateValue(body.get("condition"), ctx, path + ".condition");
            boolean keep = c.isBoolean() ? c.booleanValue() : c.isTextual() && c.textValue().equalsIgnoreCase("true");
            if (!c.isBoolean() && !c.isTextual()) {
                throw new TemplateException(DiagnosticCode.InvalidTemplate, "The resource condition must evaluate to a boolean; the value is of type '"
                        + ArmValues.typeName(c) + "'.", path + ".condition");
            }
            if (!keep) {
                if (fullName != null) excluded.add(lower(fullName));
                excluded.add(lower(fullType + "/" + fullName));
                try {
                    String id = resourceId(body, ctx, path, fullType, fullName);
                    excluded.add(lower(id));
                    excluded.add(lower(id.substring(id.toLowerCase(Locale.ROOT).lastIndexOf("/providers/") + 11)));
                } catch (RuntimeException ignored) {
                    // an id that cannot be built for an excluded resource does not matter
                }
                return null;
            }
        }
        if (fullName == null) {
            throw new TemplateException(DiagnosticCode.InvalidTemplate, "The template resource is missing the required property 'name'.", path);
        }
        int typeSegments = fullType.split("/").length, nameSegments = fullName.split("/", -1).length;
        if (typeSegments < 2 || nameSegments != typeSegments - 1) {
            throw new TemplateException(DiagnosticCode.InvalidTemplate, "The template resource '" + fullName + "' for type '" + fullType
                    + "' has incorrect segment lengths. A nested resource type must have identical number of segments as its resource name."
                    + " A root resource type must have segment length one greater than its resource name.", path);
        }
        String apiVersion = body.has("apiVersion") ? string(body.get("apiVersion"), ctx, path + ".apiVersion") : null;
        if (apiVersion == null) {
            apiVersion = ApiProfiles.apiVersion(template.apiProfile(), fullType).orElse(null);
            if (apiVersion == null) {
                throw new TemplateException(DiagnosticCode.InvalidTemplate, "The resource '" + fullType + "/" + fullName
                        + "' has no 'apiVersion' and the template's apiProfile '" + template.apiProfile() + "' does not provide one.", path);
            }
        }
        if (!apiVersion.matches("\\d{4}-\\d{2}-\\d{2}(-[A-Za-z]+)?")) {
            throw new TemplateException(DiagnosticCode.InvalidTemplate, "The 'apiVersion' property '" + apiVersion
                    + "' is invalid: the format is 'YYYY-MM-DD[-preview]'.", path + ".apiVersion");
        }
        String id = resourceId(body, ctx, path, fullType, fullName);
        List<String> dependsOn = new ArrayList<>();
        JsonNode deps = body.get("dependsOn");
        if (deps != null && deps.isArray()) {
            for (int i = 0; i < deps.size(); i++) {
                JsonNode v = Evaluator.evaluateValue(deps.get(i), ctx, path + ".dependsOn[" + i + "]");
                if (v.isTextual()) dependsOn.add(v.textValue());
                else if (v.isArray()) v.forEach(x -> dependsOn.add(ArmValues.text(x)));
            }
        }
        String symbolic = d.symbolicName() != null ? d.symbolicName() : fullName;
        return new ResourceInstance(d, symbolic, loopName, index, fullType, fullName, apiVersion, id, d.existing(), dependsOn, batchSize, ctx);
    }

    private record ParentInfo(String fullType, String fullName) {}

    private ParentInfo parentInfo(ResourceDeclaration parent, EvaluationContext ctx) {
        String type = string(parent.body().get("type"), ctx, parent.path() + ".type");
        String name = string(parent.body().get("name"), ctx, parent.path() + ".name");
        if (parent.parent() != null) {
            ParentInfo pp = parentInfo(parent.parent(), ctx);
            if (!type.contains("/")) type = pp.fullType + "/" + type;
            if (name.split("/").length < type.split("/").length - 1) name = pp.fullName + "/" + name;
        }
        return new ParentInfo(type, name);
    }

    private String resourceId(JsonNode body, EvaluationContext ctx, String path, String fullType, String fullName) {
        String sub = scope.subscriptionId();
        String rg = scope.resourceGroup();
        if (fullType.equalsIgnoreCase("Microsoft.Resources/deployments") || fullType.equalsIgnoreCase("Microsoft.Resources/resourceGroups")) {
            if (body.has("subscriptionId")) sub = string(body.get("subscriptionId"), ctx, path + ".subscriptionId");
            if (fullType.equalsIgnoreCase("Microsoft.Resources/resourceGroups")) rg = null;
            else if (body.has("resourceGroup")) rg = string(body.get("resourceGroup"), ctx, path + ".resourceGroup");
            else if (body.has("subscriptionId")) rg = null;
        }
        String scopeId = ResourceIds.scope(sub, rg);
        if (body.has("scope")) {
            String s = string(body.get("scope"), ctx, path + ".scope");
            Optional<Target> symbolic = s.startsWith("/") ? Optional.empty() : resolveSymbolic(s);
            if (symbolic.isPresent()) scopeId = symbolic.get().resourceId();
            else if (s.startsWith("/")) scopeId = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
            else if (!s.isEmpty()) scopeId = scopeId + "/providers/" + s;
        }
        try {
            return ResourceIds.build(scopeId, fullType, List.of(fullName));
        } catch (IllegalArgumentException e) {
            throw new TemplateException(DiagnosticCode.InvalidTemplate, e.getMessage(), path);
        }
    }

    private static String string(JsonNode raw, EvaluationContext ctx, String path) {
        JsonNode v = Evaluator.evaluateValue(raw, ctx, path);
        if (!v.isTextual()) {
            throw new TemplateException(DiagnosticCode.InvalidTemplate, "The value must be a string; it is of type '" + ArmValues.typeName(v) + "'.", path);
        }
        return v.textValue();
    }

    // ---- resolution of dependsOn entries and reference() targets

    private Optional<Target> resolveSymbolic(String s) {
        for (Map.Entry<ResourceDeclaration, List<ResourceInstance>> e : byDeclaration.entrySet()) {
            if (e.getKey().symbolicName() != null && e.getKey().symbolicName().equalsIgnoreCase(s) && !e.getValue().isEmpty()) {
                ResourceInstance i = e.getValue().get(0);
                return Optional.of(new Target(i.resourceId(), i.apiVersion()));
            }
        }
        return Optional.empty();
    }

    /** The lower-cased names an instance answers to, computed once per instance (match runs for every dependsOn entry). */
    private record Forms(String symbolic, String loop, String key, String typeName, String typeThenName, String fullName) {}

    private final java.util.Map<ResourceInstance, Forms> forms = new java.util.IdentityHashMap<>();

    private Forms forms(ResourceInstance i) {
        return forms.computeIfAbsent(i, x -> new Forms(x.declaration().symbolicName() == null ? null : lower(x.declaration().symbolicName()),
                x.loopName() == null ? null : lower(x.loopName()), x.key(), lower(x.typeNameForm()), lower(x.typeThenNameForm()), lower(x.fullName())));
    }

    /** The instances a dependsOn entry (symbolic name, loop name, id, type/name or name) stands for; empty if none. */
    public List<ResourceInstance> match(String ref) {
        String r = lower(ref);
        List<ResourceInstance> out = new ArrayList<>();
        if (template.symbolic()) {
            for (ResourceInstance i : instances) if (r.equals(forms(i).symbolic())) out.add(i);
            if (!out.isEmpty()) return out;
        }
        for (ResourceInstance i : instances) if (r.equals(forms(i).loop())) out.add(i);
        if (!out.isEmpty()) return out;
        for (ResourceInstance i : instances) {
            Forms f = forms(i);
            if (r.startsWith("/") ? f.key().equals(r) : f.typeName().equals(r) || f.typeThenName().equals(r)) out.add(i);
        }
        if (!out.isEmpty() || r.startsWith("/")) return out;
        for (ResourceInstance i : instances) if (forms(i).fullName().equals(r)) out.add(i);
        return out;
    }

    @Override
    public Optional<Target> resolve(String target) {
        if (template.symbolic() && !target.startsWith("/")) {
            Optional<Target> s = resolveSymbolic(target);
            if (s.isPresent()) return s;
        }
        List<ResourceInstance> m = match(target);
        if (m.isEmpty()) return Optional.empty();
        return Optional.of(new Target(m.get(0).resourceId(), m.get(0).apiVersion()));
    }

    @Override
    public List<Target> collection(String symbolicName) {
        List<Target> out = new ArrayList<>();
        for (ResourceInstance i : instances) {
            if (i.declaration().symbolicName() != null && i.declaration().symbolicName().equalsIgnoreCase(symbolicName)) {
                out.add(new Target(i.resourceId(), i.apiVersion()));
            }
        }
        return out;
    }

    static String lower(String s) { return s.toLowerCase(Locale.ROOT); }
}
