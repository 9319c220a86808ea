using QpsFast.Data.Readers;

namespace QpsFast.Data.Tests.Readers;

public sealed class NewYorkTimeTests
{
    [Theory]
    [InlineData(2013, 3, 10, 1, 59, 6, 59)]  // EST just before the switch
    [InlineData(2013, 3, 10, 3, 0, 7, 0)]    // EDT
    [InlineData(2013, 11, 3, 1, 0, 5, 0)]    // still EDT
    [InlineData(2013, 11, 3, 2, 0, 7, 0)]    // EST again
    [InlineData(2006, 4, 2, 3, 0, 7, 0)]     // old rule: first Sunday of April
    [InlineData(2006, 10, 29, 2, 0, 7, 0)]   // old rule: last Sunday of October
    [InlineData(2006, 10, 28, 12, 0, 16, 0)]
    public void ToUtc_FollowsTheUsRules(int y, int mo, int d, int h, int mi, int utcH, int utcMi)
    {
        var utc = NewYorkTime.ToUtc(new DateTime(y, mo, d, h, mi, 0));
        Assert.Equal((utcH, utcMi), (utc.Hour, utc.Minute));
    }
}
