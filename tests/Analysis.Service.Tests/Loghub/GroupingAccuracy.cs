namespace Analysis.Service.Tests.Loghub;

/// <summary>
/// Grouping accuracy as Zhu et al. define it ("Tools and Benchmarks for Automated Log Parsing", ICSE-SEIP 2019): a line
/// is parsed correctly when the lines the parser grouped with it are exactly the lines of its ground-truth event;
/// the accuracy is the share of such lines.
/// </summary>
public static class GroupingAccuracy
{
    public static double Of<TGroup>(IReadOnlyList<string> truth, IReadOnlyList<TGroup> parsed) where TGroup : notnull
    {
        var truthSizes = truth.GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
        var correct = 0;
        foreach (var group in Enumerable.Range(0, parsed.Count).GroupBy(i => parsed[i]))
        {
            var events = group.Select(i => truth[i]).Distinct().ToList();
            if (events.Count == 1 && truthSizes[events[0]] == group.Count()) correct += group.Count();
        }
        return (double)correct / truth.Count;
    }
}
