package io.strato.server.arm;

import io.strato.model.ApiVersion;
import io.strato.model.ArmErrorCode;
import io.strato.server.gateway.ArmRequest;
import io.strato.spi.ApiVersions;
import java.util.List;

/** The api-versions of Microsoft.Resources' own routes, as Azure publishes them. */
public final class BuiltInApis {
    /** Resource groups, generic resources, providers, tags, operation results. */
    public static final ApiVersions RESOURCES = ApiVersions.of(List.of(
            "2014-04-01-preview", "2015-01-01", "2015-11-01", "2016-02-01", "2016-07-01", "2016-09-01", "2017-05-10",
            "2018-02-01", "2018-05-01", "2019-03-01", "2019-05-01", "2019-05-10", "2019-07-01", "2019-08-01",
            "2019-10-01", "2020-06-01", "2020-08-01", "2020-10-01", "2021-01-01", "2021-04-01", "2022-09-01",
            "2023-07-01", "2024-03-01", "2024-07-01", "2024-11-01", "2025-03-01", "2025-04-01"),
            List.of("2019-10-01", "2021-04-01"));

    /** Deployments: the resources api-versions and the newer ones the deployments SDKs send. */
    public static final ApiVersions DEPLOYMENTS = ApiVersions.of(List.of(
            "2015-11-01", "2016-02-01", "2016-07-01", "2016-09-01", "2017-05-10", "2018-02-01", "2018-05-01", "2019-03-01",
            "2019-05-01", "2019-05-10", "2019-07-01", "2019-08-01", "2019-10-01", "2020-06-01", "2020-08-01", "2020-10-01",
            "2021-01-01", "2021-04-01", "2022-09-01", "2023-07-01", "2024-03-01", "2024-07-01", "2024-11-01", "2025-03-01",
            "2025-04-01", "2026-06-01"),
            List.of("2019-10-01", "2021-04-01"));

    /** Subscriptions, tenants, locations. */
    public static final ApiVersions SUBSCRIPTIONS = ApiVersions.of(List.of(
            "2014-04-01-preview", "2015-01-01", "2015-11-01", "2016-01-01", "2016-06-01", "2018-06-01", "2019-03-01",
            "2019-06-01", "2019-11-01", "2020-01-01", "2021-01-01", "2022-01-01", "2022-12-01", "2023-07-01",
            "2024-08-01", "2024-11-01", "2025-03-01"),
            List.of("2016-06-01", "2022-12-01"));

    private BuiltInApis() {}

    /** The request's api-version when {@code apis} publishes it, else Azure's InvalidApiVersionParameter. */
    public static ApiVersion require(ArmRequest request, ApiVersions apis) {
        String text = request.apiVersionText();
        return request.apiVersion().filter(apis::isPublished).orElseThrow(() -> ArmErrorCode.InvalidApiVersionParameter.exception(
                "The api-version '" + text + "' is invalid. The supported versions are '" + apis.describe().replace(" ", "")
                        + "'. Please see https://aka.ms/api-version for more details.", "api-version"));
    }
}
