using Analysis.Service.Patterns;
using LogPlatform.Contracts;

namespace Analysis.Service.Tests.Patterns;

public sealed class PatternMinerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly PatternMiner _miner = new(PatternMinerOptions.Production);

    private MinedLine Mine(string message, string application = "app", LogSeverity level = LogSeverity.Info, int second = 0, long logId = 0)
        => _miner.Mine(application, message, level, T0.AddSeconds(second), logId);

    [Fact]
    public void A_new_line_creates_a_pattern_with_its_masked_template()
    {
        var mined = Mine("Served block blk_123 to /10.0.0.1 in 12ms");

        Assert.Equal(PatternChange.Created, mined.Change);
        Assert.Equal("Served block blk_<*> to <*> in <*>", mined.Pattern.Template);
        Assert.Equal(1, mined.Pattern.Count);
    }

    [Fact]
    public void A_similar_line_joins_the_pattern_and_the_template_takes_a_wildcard_where_they_differ()
    {
        var first = Mine("Invalid user admin from 10.0.0.1");
        var second = Mine("Invalid user oracle from 10.0.0.2");
        var third = Mine("Invalid user test from 10.0.0.3");

        Assert.Same(first.Pattern, second.Pattern);
        Assert.Equal(PatternChange.Generalised, second.Change);
        Assert.Equal(PatternChange.None, third.Change);
        Assert.Same(first.Pattern, third.Pattern);
        Assert.Equal("Invalid user <*> from <*>", first.Pattern.Template);
        Assert.Equal(3, first.Pattern.Count);
    }

    [Fact]
    public void Lines_that_differ_in_most_words_or_in_length_are_different_patterns()
    {
        var closed = Mine("Connection closed by 10.0.0.1 [preauth]");
        var bye = Mine("Received disconnect from 10.0.0.1: 11: Bye Bye [preauth]");
        var request = Mine("Received disconnect from 10.0.0.1: 11: Closed due to user request. [preauth]");
        var shorter = Mine("Connection closed by 10.0.0.1");

        Assert.Equal(4, new[] { closed.Pattern, bye.Pattern, request.Pattern, shorter.Pattern }.Distinct().Count());
    }

    [Fact]
    public void The_id_stays_when_the_template_generalises()
    {
        var created = Mine("session opened for user root by uid=0");
        var id = created.Pattern.Id;
        var generalised = Mine("session opened for user news by uid=9");

        Assert.Equal(PatternChange.Generalised, generalised.Change);
        Assert.Equal("session opened for user <*> by uid=<*>", generalised.Pattern.Template);
        Assert.Equal(id, generalised.Pattern.Id);
        Assert.Same(created.Pattern, _miner.Find(id));
    }

    [Fact]
    public void The_same_first_line_gives_the_same_id_in_a_fresh_miner()
    {
        var id = Mine("session opened for user root by uid=0").Pattern.Id;
        Mine("session opened for user news by uid=9");

        var fresh = new PatternMiner(PatternMinerOptions.Production);
        var again = fresh.Mine("app", "session opened for user root by uid=0", LogSeverity.Info, T0, 1);

        Assert.Equal(id, again.Pattern.Id);
        Assert.Equal(PatternId.Of("app", "session opened for user root by uid=<*>"), id);
        Assert.Equal(16, PatternId.Format(id).Length);
    }

    [Fact]
    public void A_first_line_that_no_longer_passes_its_generalised_template_still_joins_its_own_pattern()
    {
        var first = Mine("t0 t1 t2 t3 t4 t5 t6 t7 t8 t9").Pattern;
        Mine("t0 1 t2 3 t4 5 t6 t7 t8 t9");
        Mine("t0 1 t2 3 t4 5 t6 7 t8 9");
        Assert.Equal("t0 <*> t2 <*> t4 <*> t6 <*> t8 <*>", first.Template);

        // Only 5 of 10 tokens equal now, below the threshold: but it is the pattern's own first template.
        var again = Mine("t0 t1 t2 t3 t4 t5 t6 t7 t8 t9");

        Assert.Same(first, again.Pattern);
        Assert.Equal(1, _miner.PatternCount);
        Assert.Equal(4, first.Count);
    }

    [Fact]
    public void Applications_have_separate_patterns_and_ids()
    {
        var a = Mine("worker started in 12ms", application: "billing");
        var b = Mine("worker started in 15ms", application: "shipping");
        var a2 = Mine("worker started in 20ms", application: "billing");

        Assert.NotSame(a.Pattern, b.Pattern);
        Assert.NotEqual(a.Pattern.Id, b.Pattern.Id);
        Assert.Same(a.Pattern, a2.Pattern);
        Assert.Equal("billing", a.Pattern.Application);
        Assert.Equal(2, a.Pattern.Count);
        Assert.Equal(1, b.Pattern.Count);
    }

    [Fact]
    public void A_pattern_counts_levels_keeps_first_and_last_seen_and_a_few_recent_example_ids()
    {
        Mine("disk sda1 at 91% full", level: LogSeverity.Warn, second: 10, logId: 1);
        Mine("disk sda2 at 95% full", level: LogSeverity.Error, second: 5, logId: 2);
        Mine("disk sda3 at 99% full", level: LogSeverity.Error, second: 30, logId: 3);
        var last = Mine("disk sda4 at 97% full", level: LogSeverity.Warn, second: 20, logId: 4).Pattern;

        Assert.Equal(4, last.Count);
        Assert.Equal(2, last.CountOf(LogSeverity.Warn));
        Assert.Equal(2, last.CountOf(LogSeverity.Error));
        Assert.Equal(0, last.CountOf(LogSeverity.Info));
        Assert.Equal(T0.AddSeconds(5), last.FirstSeen);
        Assert.Equal(T0.AddSeconds(30), last.LastSeen);
        Assert.Equal([4L, 3L, 2L], last.Examples.ToArray());
    }

    [Fact]
    public void Past_the_bound_the_least_recently_seen_pattern_is_evicted_and_counted()
    {
        var miner = new PatternMiner(PatternMinerOptions.Production with { MaxPatterns = 2 });
        var alpha = miner.Mine("app", "alpha service started", LogSeverity.Info, T0, 1).Pattern;
        var beta = miner.Mine("app", "beta queue drained completely now", LogSeverity.Info, T0, 2).Pattern;
        miner.Mine("app", "alpha service started", LogSeverity.Info, T0, 3); // alpha is now the more recent
        var gamma = miner.Mine("other", "gamma cache warmed", LogSeverity.Info, T0, 4).Pattern;

        Assert.Equal(2, miner.PatternCount);
        Assert.Equal(1, miner.Evictions);
        Assert.Null(miner.Find(beta.Id));
        Assert.Same(alpha, miner.Find(alpha.Id));
        Assert.Same(gamma, miner.Find(gamma.Id));

        // The evicted pattern comes back as new, with the same id (same first line), and evicts the next oldest.
        var again = miner.Mine("app", "beta queue drained completely now", LogSeverity.Info, T0, 5);
        Assert.Equal(PatternChange.Created, again.Change);
        Assert.Equal(beta.Id, again.Pattern.Id);
        Assert.Equal(2, miner.Evictions);
        Assert.Null(miner.Find(alpha.Id));
    }

    [Fact]
    public void Eviction_prunes_the_tree_so_that_the_bound_holds_over_many_distinct_lines()
    {
        var miner = new PatternMiner(PatternMinerOptions.Production with { MaxPatterns = 50 });
        for (var i = 0; i < 5_000; i++)
        {
            miner.Mine($"app{i % 7}", $"event{i} word{i} {new string('x', i % 13)} tail{i}", LogSeverity.Info, T0, i);
        }
        Assert.Equal(50, miner.PatternCount);
        Assert.Equal(5_000 - 50, miner.Evictions);
    }

    [Fact]
    public void A_line_that_fits_a_template_allocates_nothing()
    {
        const string line = "Received block blk_-1608999687919862906 of size 67108864 from /10.251.42.84";
        Mine(line);
        Mine("Received block blk_42 of size 1 from /10.251.42.85");
        Mine(line); // warm

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++) _miner.Mine("app", line, LogSeverity.Info, T0, i);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Empty_and_very_long_lines_are_mined()
    {
        Assert.Equal("", Mine("").Pattern.Template);
        var longLine = string.Join(' ', Enumerable.Range(0, 1_000).Select(i => $"w{i}"));
        var mined = Mine(longLine);
        Assert.Equal(PatternMinerOptions.Production.MaxTokens, mined.Pattern.Tokens.Count);
        Assert.Same(mined.Pattern, Mine(longLine).Pattern);
    }
}
