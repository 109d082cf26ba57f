package io.strato.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.model.ApiVersion;
import io.strato.model.ResourceId;
import io.strato.model.ResourceType;
import java.util.List;
import java.util.Optional;

/**
 * The API shape of one resource type. Never touches persistence: the server stores what {@link #toSpec}
 * returns (as JSON, through Jackson) and hands it back to {@link #toResponse} and to the driver.
 *
 * <p>The server owns the envelope every resource shares ({@code id, name, type, location, tags, etag,
 * systemData}); a handler owns the rest ({@code sku, kind, properties, ...}).
 *
 * @param <S> the validated, defaulted desired state of one resource: an immutable record
 */
public interface ResourceTypeHandler<S> {
    ResourceType type();

    /** Published api-versions and implemented shapes. */
    ApiVersions apiVersions();

    Class<S> specClass();

    /**
     * Validates and defaults a PUT body into a spec, or throws an {@link io.strato.model.ArmException}
     * with Azure's code for the first problem. {@code existing} is the stored spec on update.
     */
    S toSpec(ApiVersion version, ResourceId id, JsonNode body, Optional<S> existing);

    /**
     * Applies a PATCH body (JSON merge-patch semantics for properties) to the stored spec. The default
     * accepts only {@code tags}, which the server applies itself.
     */
    default S patch(ApiVersion version, ResourceId id, JsonNode body, S existing) { return existing; }

    /** Renders the type-specific part of the response: {@code sku, kind, properties, ...}. */
    ObjectNode toResponse(ApiVersion version, ResourceId id, S spec, Observation seen);

    /**
     * Renders the response of a single GET or PUT, honouring {@code $expand} (e.g. {@code instanceView}); the
     * default ignores it. {@code expand} is null when the request had none.
     */
    default ObjectNode toResponse(ApiVersion version, ResourceId id, S spec, Observation seen, String expand) {
        return toResponse(version, id, spec, seen);
    }

    /** The configured driver for this type. */
    ExternalClient<S> connect();

    /** Resource names ARM accepts for this type; a violation is reported with Azure's code. */
    void validateName(ResourceId id);

    /** Whether a PUT runs asynchronously (202 + Location, as Azure does for storage accounts). */
    default boolean asyncCreate() { return false; }

    /** Names are unique across the whole appliance (storage accounts), not only in a group. */
    default boolean globallyUniqueName() { return false; }

    /** The error for a globally unique name that another resource already has. */
    default io.strato.model.ArmException nameTaken(ResourceId id) {
        return io.strato.model.ArmErrorCode.Conflict.exception("The name '" + id.name() + "' is already in use.", "name");
    }

    /** POST actions on one resource: {@code listKeys}, {@code regenerateKey}, ... */
    default List<ResourceAction<S>> actions() { return List.of(); }

    /**
     * Requests below one resource that may change its desired state ({@code virtualMachines/{id}/start} of a scale
     * set, {@code DELETE virtualMachines/{id}}); the server tries them before {@link #actions()}.
     */
    default List<ResourceCommand<S>> commands() { return List.of(); }

    /**
     * Whether a DELETE that finishes at once answers 200 with the deleted resource's body (container groups), rather
     * than 200 without one.
     */
    default boolean deleteAnswersWithBody() { return false; }

    /** GETs below one resource that are not resources of their own ({@code containers/{name}/logs}). */
    default List<ResourceView<S>> views() { return List.of(); }

    /** Locations the type is offered in; empty means every location of the appliance. */
    default List<String> locations() { return List.of(); }

    /** Whether the type has a location at all (child resources usually do not). */
    default boolean hasLocation() { return true; }

    /**
     * The name of a child type that exists exactly once under every parent (e.g. {@code blobServices/default}):
     * the server creates it, from an empty body, whenever it creates the parent. Empty for ordinary types.
     */
    default Optional<String> singletonName() { return Optional.empty(); }

    /** Whether Azure's schema of the type has {@code systemData} at this api-version (storage accounts never do). */
    default boolean hasSystemData(ApiVersion version) { return true; }

    /**
     * Whether Azure's responses carry the resource's {@code type} at this api-version. Top-level types always do; some
     * child types had none in older schemas (virtual network peerings before 2021-08-01), and the server then omits it.
     */
    default boolean hasType(ApiVersion version) { return true; }

    /**
     * Refuses to delete a resource that others still use, by throwing Azure's error (e.g.
     * {@code InUseNetworkSecurityGroupCannotBeDeleted}); returns normally when the delete may go ahead. Called by the
     * server before the driver's {@link ExternalClient#delete}, inside the request's transaction, so
     * {@link ProviderContext#resources()} sees the current state. Not called when a whole resource group is deleted.
     */
    default void checkDelete(ResourceId id, S spec) {}

    /** Child types Azure keeps inside this type's body (subnets in a virtual network); see {@link EmbeddedChild}. */
    default List<EmbeddedChild<S>> embeddedChildren() { return List.of(); }

    /**
     * The order in which a resource group's contents are deleted: lower ranks first (a network interface before the
     * virtual network and security group it uses). Resources of one rank go in no particular order.
     */
    default int deleteRank() { return 0; }
}
