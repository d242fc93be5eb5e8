using Realtime.Gateway.Filtering;

namespace Realtime.Gateway.Tests.Filtering;

/// <summary>Which query parameters are checked against the property names the platform has seen.</summary>
public sealed class PropertyFilterNamesTests
{
    private static IReadOnlyList<string> Names(params (string Name, string Value)[] query)
        => UnseenPropertyCheck.PropertyFilterNames(query.Select(q => KeyValuePair.Create(q.Name, (string?)q.Value)));

    [Fact]
    public void Filters_reserved_and_paging_parameters_are_not_property_names()
    {
        Assert.Empty(Names(("min_level", "warn"), ("level", "error"), ("source", "api"), ("application", "shop"), ("q", "timeout"),
            ("access_token", "t"), ("history", "5"), ("after_id", "9"), ("limit", "10"), ("cursor", "x"), ("from", "2026-01-01"),
            ("to", "2026-01-02"), ("include_total", "true"), ("format", "text"), ("max", "5"),
            ("offset", "0"), ("page", "2"), ("date", "2024-01-15"), ("sort", "asc")));
    }

    [Fact]
    public void Every_other_parameter_with_a_value_is_a_property_name_in_order_of_name()
    {
        Assert.Equal(["job_run_id", "stream", "tenant.id"], Names(("tenant.id", "7"), ("stream", "stderr"), ("job_run_id", "42"), ("limit", "5")));
    }

    [Fact]
    public void An_empty_value_filters_nothing_so_is_not_checked()
    {
        Assert.Empty(Names(("order_ref", ""), ("q", "x")));
    }

    [Fact]
    public void A_malformed_filter_is_left_to_the_endpoint_which_names_the_fault()
    {
        Assert.Empty(Names(("min_level", "loud"), ("order_ref", "1")));
        Assert.Empty(Names(("bad name!", "1")));
    }
}
