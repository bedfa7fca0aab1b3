using System.Collections;
using System.Reflection;

namespace UnixDatagram.Hosting.Options;

/// <summary>
/// Whether two options objects of one type hold the same values: every public property, lists item by item. By
/// reflection, so that a property added to the options later is compared without anyone remembering to.
/// </summary>
internal static class OptionsComparison
{
    public static bool Same<T>(T a, T b)
        where T : class
    {
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var x = property.GetValue(a);
            var y = property.GetValue(b);
            if (x is IEnumerable xs and not string && y is IEnumerable ys and not string)
            {
                if (!xs.Cast<object?>().SequenceEqual(ys.Cast<object?>()))
                {
                    return false;
                }
            }
            else if (!Equals(x, y))
            {
                return false;
            }
        }

        return true;
    }
}
