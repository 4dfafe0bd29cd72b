import { useMemo } from 'react';
import { shopApi, type ShopApi } from '../api/shop';
import { useSession } from './session';

export function useShopApi(): ShopApi {
  const { api } = useSession();
  return useMemo(() => shopApi(api), [api]);
}
